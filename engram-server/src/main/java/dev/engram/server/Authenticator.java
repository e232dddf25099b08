package dev.engram.server;

import dev.engram.tenant.ApiKeys;
import dev.engram.tenant.TenantStore;
import dev.engram.tenant.Tenant;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Checks {@code Authorization: Bearer KEY} (and, where a route accepts it, mem0's
 * {@code Authorization: Token KEY}) against the stored key hashes. Any problem (no header,
 * another scheme, an unknown or revoked key) is the same 401, so a caller learns nothing about
 * which keys exist. Accepted keys are remembered for {@link #CACHE_FOR} to spare a database read
 * per request, but every remembered key is dropped as soon as {@link TenantStore#revocations}
 * changes: a key revoked in this process fails on its next request, one revoked by another process
 * on the same database within about half a second. Thread safe.
 */
final class Authenticator {
    /** How long an accepted key is trusted without asking the store again, unless a key is revoked meanwhile. */
    static final Duration CACHE_FOR = Duration.ofSeconds(10);
    private static final String BEARER = "Bearer ";
    private static final String TOKEN = "Token ";
    private static final int MAX_CACHED = 10_000;

    private record Accepted(Tenant tenant, long until) {}

    private final TenantStore tenants;
    private final Map<String, Accepted> accepted = new ConcurrentHashMap<>();
    private final AtomicLong revocations = new AtomicLong(Long.MIN_VALUE);

    Authenticator(TenantStore tenants) {
        this.tenants = tenants;
    }

    /** The tenant of a {@code Bearer} key. */
    Tenant authenticate(String header) {
        return authenticate(header, false);
    }

    /** The tenant of a {@code Bearer} key, or of a {@code Token} key when {@code acceptToken}. */
    Tenant authenticate(String header, boolean acceptToken) {
        String key = null;
        if (header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            key = header.substring(BEARER.length()).strip();
        } else if (acceptToken && header != null && header.regionMatches(true, 0, TOKEN, 0, TOKEN.length())) {
            key = header.substring(TOKEN.length()).strip();
        }
        if (key == null || !ApiKeys.plausible(key)) {
            throw unauthorized(acceptToken);
        }
        String hash = ApiKeys.hash(key);
        long revoked = tenants.revocations();
        if (revocations.getAndSet(revoked) != revoked) {
            accepted.clear();
        }
        long now = System.nanoTime();
        Accepted known = accepted.get(hash);
        if (known != null && now - known.until() < 0) {
            return known.tenant();
        }
        Tenant tenant = tenants.tenantByKeyHash(hash).orElseThrow(() -> {
            accepted.remove(hash);
            return unauthorized(acceptToken);
        });
        if (accepted.size() >= MAX_CACHED) {
            accepted.clear();
        }
        // A revocation that landed while the key was being looked up must not be cached over.
        if (tenants.revocations() == revoked) {
            accepted.put(hash, new Accepted(tenant, now + CACHE_FOR.toNanos()));
        }
        return tenant;
    }

    private static ApiException unauthorized(boolean acceptToken) {
        String scheme = acceptToken ? "'Authorization: Token <key>' (or Bearer)" : "'Authorization: Bearer <key>'";
        return new ApiException(401, "unauthorized", "a valid API key is required: send " + scheme
                + " with a key from './engram keys create --tenant NAME'");
    }
}
