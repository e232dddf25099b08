package dev.engram.server;

import dev.engram.memory.UserId;
import dev.engram.tenant.Tenant;
import java.util.Objects;

/**
 * Who makes the MCP requests of one session: the tenant whose key opened it, and the user named by
 * {@code X-Engram-User} when it was opened (the tenant's own id), or null when calls name their
 * user with {@code user_id}.
 */
record McpCaller(Tenant tenant, UserId sessionUser) {
    McpCaller {
        Objects.requireNonNull(tenant, "tenant");
    }
}
