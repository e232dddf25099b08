package dev.engram.tenant;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A customer of the HTTP API: it holds keys and has users of its own, named by its own ids.
 *
 * @param id store-assigned id
 * @param name 1-64 letters, digits, '.', '_' or '-'
 */
public record Tenant(long id, String name) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    public Tenant {
        checkName(name);
    }

    /** Checks a tenant name, throwing {@link IllegalArgumentException} with a message fit for the operator. */
    public static String checkName(String name) {
        Objects.requireNonNull(name, "tenant name must not be null");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("tenant name '" + name + "' is not allowed: use 1-64 letters, digits, '.', '_' or '-'");
        }
        return name;
    }
}
