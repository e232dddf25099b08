package dev.engram.server;

import dev.engram.mcp.UserScope;
import dev.engram.mcp.UserScopes;
import dev.engram.memory.UserId;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The users an MCP call over HTTP can reach: the users of the tenant whose key opened its session,
 * mapped exactly as the JSON API maps them ({@link TenantUsers}: reads only of users the tenant has,
 * a write maps a new user on first use, never while the user is being erased). The user is the
 * call's {@code user_id}, or the session's {@code X-Engram-User}; naming another user than the
 * session's is refused. A refusal of the JSON API (a 4xx) becomes the caller's error message.
 */
final class TenantScopes implements UserScopes {
    private final TenantUsers users;

    TenantScopes(TenantUsers users) {
        this.users = users;
    }

    @Override
    public boolean perCallUser() {
        return true;
    }

    @Override
    public UserScope of(McpSyncServerExchange exchange) {
        Object caller = exchange.transportContext().get(McpAuthFilter.CALLER);
        if (!(caller instanceof McpCaller c)) {
            // The filter authenticates every request; a request without a caller never passed it.
            throw new IllegalStateException("an MCP request reached a tool without an authenticated caller");
        }
        return new Scope(c);
    }

    private final class Scope implements UserScope {
        private final McpCaller caller;

        Scope(McpCaller caller) {
            this.caller = caller;
        }

        @Override
        public <T> T read(String userArgument, Function<UserId, T> work) {
            UserId external = external(userArgument);
            return refusalsAsMessages(() -> users.read(caller.tenant(), external, work));
        }

        @Override
        public <T> T write(String userArgument, Function<UserId, T> work) {
            UserId external = external(userArgument);
            return refusalsAsMessages(() -> users.write(caller.tenant(), external, true, work));
        }

        @Override
        public <T> T change(String userArgument, Function<UserId, T> work) {
            UserId external = external(userArgument);
            return refusalsAsMessages(() -> users.write(caller.tenant(), external, false, work));
        }

        private UserId external(String userArgument) {
            UserId session = caller.sessionUser();
            if (userArgument == null) {
                if (session == null) {
                    throw new IllegalArgumentException("say which user: pass user_id, or open the MCP session with the"
                            + " header " + McpAuthFilter.USER_HEADER);
                }
                return session;
            }
            UserId named = UserId.of(userArgument);
            if (session != null && !session.equals(named)) {
                throw new IllegalArgumentException("this MCP session is for user '" + session + "' ("
                        + McpAuthFilter.USER_HEADER + "); user_id '" + named + "' names another: leave it out");
            }
            return named;
        }

        private <T> T refusalsAsMessages(Supplier<T> call) {
            try {
                return call.get();
            } catch (ApiException e) {
                if (e.status() >= 500) {
                    throw e;
                }
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
    }
}
