package dev.engram.memory;

import java.util.UUID;
import java.util.regex.Pattern;

/** Identifies one conversation session of a user: 1-64 letters, digits, '_' or '-'. */
public record SessionId(String value) {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public SessionId {
        if (value == null || !VALID.matcher(value).matches()) {
            throw new IllegalArgumentException("session id must be 1-64 letters, digits, '_' or '-'");
        }
    }

    /** A fresh random session id. */
    public static SessionId random() {
        return new SessionId(UUID.randomUUID().toString());
    }

    @Override
    public String toString() {
        return value;
    }
}
