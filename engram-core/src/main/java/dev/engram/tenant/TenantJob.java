package dev.engram.tenant;

import dev.engram.memory.Job;
import dev.engram.memory.UserId;
import java.util.Objects;

/**
 * A background job of one of a tenant's users.
 *
 * @param user the user as the tenant names it (not the internal id the job carries)
 */
public record TenantJob(UserId user, Job job) {
    public TenantJob {
        Objects.requireNonNull(user, "user must not be null");
        Objects.requireNonNull(job, "job must not be null");
    }
}
