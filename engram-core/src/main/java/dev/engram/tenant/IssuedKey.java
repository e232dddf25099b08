package dev.engram.tenant;

import java.util.Objects;

/**
 * A freshly created API key. {@code secret} is shown to the operator once and never stored; the
 * store keeps only its hash.
 *
 * @param keyId the key's id, e.g. for revoking it
 * @param prefix the first characters of the secret, stored to tell keys apart in listings
 */
public record IssuedKey(long keyId, Tenant tenant, String prefix, String secret) {
    public IssuedKey {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(secret, "secret");
    }

    @Override
    public String toString() {
        return "IssuedKey[keyId=" + keyId + ", tenant=" + tenant.name() + ", prefix=" + prefix + "]";
    }
}
