package dev.engram.tenant;

import dev.engram.memory.UserId;
import java.util.Objects;

/**
 * A fact found among a tenant's users: the user as the tenant names them, and the fact's id.
 *
 * @param user the tenant's own id of the user who holds the fact
 * @param factId the fact's id in the memory store
 */
public record TenantFact(UserId user, long factId) {
    public TenantFact {
        Objects.requireNonNull(user, "user");
    }
}
