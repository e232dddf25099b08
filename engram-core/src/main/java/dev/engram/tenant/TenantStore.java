package dev.engram.tenant;

import dev.engram.memory.Job;
import dev.engram.memory.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Tenants, their API keys, and the users each tenant has. A tenant names its users with its own
 * ids ("external ids", checked like {@link UserId}); each is mapped to an internal {@link UserId}
 * that is unique across tenants, so a tenant can never name another tenant's user. Thread safe.
 * Failures surface as {@link dev.engram.store.StoreException}.
 */
public interface TenantStore {

    /** Creates a key for the tenant {@code name}, creating the tenant on its first key. */
    IssuedKey createKey(String tenantName, Instant now);

    /**
     * The tenant with this name, for operators' commands that name a tenant; empty if there is none.
     *
     * @throws IllegalArgumentException for a name no tenant could have
     */
    Optional<Tenant> tenantNamed(String name);

    /** The tenant whose unrevoked key has this SHA-256 hash ({@link ApiKeys#hash}). */
    Optional<Tenant> tenantByKeyHash(String keyHash);

    /** Revokes a key; false if there is no such unrevoked key. */
    boolean revokeKey(long keyId, Instant now);

    /**
     * A number that changes whenever a key is revoked: at once for a revocation through this
     * store, and within {@code 500 ms} for one made by another process on the same database. Cheap
     * enough to call on every request; callers that cache accepted keys drop them when it changes.
     */
    long revocations();

    /** All keys, oldest first. */
    List<KeyInfo> keys();

    /** The internal id of the tenant's user {@code externalId}; empty if the tenant has no such user. */
    Optional<UserId> findUser(Tenant tenant, UserId externalId);

    /**
     * The internal id of the tenant's user {@code externalId}, mapping a new internal id on the first
     * call. Concurrent first calls agree on one id.
     */
    UserId resolveUser(Tenant tenant, UserId externalId, Instant now);

    /**
     * The jobs of the tenant's users in the given states, oldest first, at most {@code limit}, each
     * with the user named by the tenant's own id. Another tenant's jobs are never included.
     */
    List<TenantJob> jobs(Tenant tenant, List<Job.Status> statuses, int limit);

    /** The fact {@code factId} if one of the tenant's users holds it; empty for another tenant's fact. */
    Optional<TenantFact> fact(Tenant tenant, long factId);

    /**
     * The facts of the tenant's users that were imported with the origin id {@code originId}, by
     * user: usually none or one (the id is unique per user, so several only when one file was
     * imported into several users).
     */
    List<TenantFact> factsByOrigin(Tenant tenant, String originId);

    /** Removes the tenant's mapping of {@code externalId}; false if there was none. */
    boolean forgetUser(Tenant tenant, UserId externalId);

}
