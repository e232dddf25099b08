package dev.engram.server;

/**
 * Checks {@code Authorization: Bearer KEY} against the stored key hashes. Any problem (no header,
 * another scheme, an unknown or revoked key) is the same 401, so a caller learns nothing about
 * which keys exist. Thread safe.
 */
final class Authenticator {
    private static final String BEARER = "Bearer ";
    private final TenantStore tenants;

    Authenticator(TenantStore tenants) {
        this.tenants = tenants;
    }

    Tenant authenticate(String header) {
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw unauthorized();
        }
        String key = header.substring(BEARER.length()).strip();
        if (!ApiKeys.plausible(key)) {
            throw unauthorized();
        }
        return tenants.tenantByKeyHash(ApiKeys.hash(key)).orElseThrow(Authenticator::unauthorized);
    }

    private static ApiException unauthorized() {
        return new ApiException(401, "unauthorized", "a valid API key is required: send 'Authorization: Bearer <key>'"
                + " with a key from './engram keys create --tenant NAME'");
    }
}
