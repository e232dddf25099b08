package dev.engram.server;

import dev.engram.chat.LiveSessions;
import dev.engram.curation.MemoryService;
import dev.engram.memory.UserId;
import dev.engram.tenant.Tenant;
import dev.engram.tenant.TenantFact;
import dev.engram.tenant.TenantStore;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Maps a tenant's user ids to internal ones and runs work on a user: reads only on users the
 * tenant has (404 otherwise), writes mapping a user on first use, and erasure that cannot
 * interleave with a write of the same user in this process. Thread safe.
 */
public final class TenantUsers {
    private static final int MAX_ATTEMPTS = 3;

    private record Outcome<T>(boolean ran, T value) {}

    private final TenantStore tenants;
    private final MemoryService memory;
    private final LiveSessions sessions;
    private final UserGate gate = new UserGate();
    private final Clock clock;

    TenantUsers(TenantStore tenants, MemoryService memory, LiveSessions sessions, Clock clock) {
        this.tenants = tenants;
        this.memory = memory;
        this.sessions = sessions;
        this.clock = clock;
    }

    /** Parses a user id from a path, 400 when it breaks the rules of {@link UserId}. */
    public static UserId parse(String raw) {
        try {
            return UserId.of(raw);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_user_id", e.getMessage());
        }
    }

    /** The internal id of a user the tenant has; 404 otherwise. */
    public UserId existing(Tenant tenant, UserId external) {
        return tenants.findUser(tenant, external).orElseThrow(() -> ApiException.notFound("there is no user '" + external + "'"));
    }

    /** The internal id of a user the tenant has, if it has them. */
    public Optional<UserId> find(Tenant tenant, UserId external) {
        return tenants.findUser(tenant, external);
    }

    /** The fact {@code factId} if one of the tenant's users holds it. */
    public Optional<TenantFact> fact(Tenant tenant, long factId) {
        return tenants.fact(tenant, factId);
    }

    /** The facts of the tenant's users imported with {@code originId} (see {@link TenantStore#factsByOrigin}). */
    public List<TenantFact> factsByOrigin(Tenant tenant, String originId) {
        return tenants.factsByOrigin(tenant, originId);
    }

    /** Runs {@code work} as a read of an existing user. */
    public <T> T read(Tenant tenant, UserId external, Function<UserId, T> work) {
        return work.apply(existing(tenant, external));
    }

    /**
     * Runs {@code work} as a write on the user, mapping the user first when {@code create}; while
     * it runs, the user cannot be erased.
     */
    public <T> T write(Tenant tenant, UserId external, boolean create, Function<UserId, T> work) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            UserId user = create ? tenants.resolveUser(tenant, external, clock.instant()) : existing(tenant, external);
            Outcome<T> outcome = gate.write(user, () -> {
                // An erase may have removed the mapping between resolving and locking: never write to an unmapped id.
                if (!tenants.findUser(tenant, external).filter(user::equals).isPresent()) {
                    return new Outcome<T>(false, null);
                }
                return new Outcome<>(true, work.apply(user));
            });
            if (outcome.ran()) {
                return outcome.value();
            }
            if (!create) {
                throw ApiException.notFound("there is no user '" + external + "'");
            }
        }
        throw new ApiException(409, "conflict", "user '" + external + "' was erased repeatedly while writing; try again");
    }

    /** Erases all of the user's memory and then the mapping; 404 if the tenant has no such user. */
    public void erase(Tenant tenant, UserId external) {
        UserId user = existing(tenant, external);
        gate.erase(user, () -> {
            memory.erase(user);
            tenants.forgetUser(tenant, external);
            sessions.removeUser(user);
            return null;
        });
    }
}
