package dev.engram.mcp;

import io.modelcontextprotocol.server.McpSyncServerExchange;

/** Where a transport's calls find their users: one local user (stdio), or a tenant's users (HTTP). */
public interface UserScopes {

    /** True when a call may name its user with a {@code user_id} argument; the tools' schemas offer it then. */
    boolean perCallUser();

    /**
     * The scope of the call behind {@code exchange}.
     *
     * @throws IllegalArgumentException when the call carries no caller this transport accepts
     */
    UserScope of(McpSyncServerExchange exchange);
}
