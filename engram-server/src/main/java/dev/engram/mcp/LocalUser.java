package dev.engram.mcp;

import dev.engram.memory.UserId;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import java.util.Objects;
import java.util.function.Function;

/**
 * The scope of a stdio server: every call acts on the one user named on the command line, the
 * same user {@code engram chat --user ID} talks as. A call that names another user is refused.
 */
public final class LocalUser implements UserScopes, UserScope {
    private final UserId user;

    public LocalUser(UserId user) {
        this.user = Objects.requireNonNull(user, "user");
    }

    @Override
    public boolean perCallUser() {
        return false;
    }

    @Override
    public UserScope of(McpSyncServerExchange exchange) {
        return this;
    }

    @Override
    public <T> T read(String userArgument, Function<UserId, T> work) {
        return work.apply(checked(userArgument));
    }

    @Override
    public <T> T write(String userArgument, Function<UserId, T> work) {
        return work.apply(checked(userArgument));
    }

    @Override
    public <T> T change(String userArgument, Function<UserId, T> work) {
        return work.apply(checked(userArgument));
    }

    private UserId checked(String userArgument) {
        if (userArgument != null && !userArgument.equals(user.value())) {
            throw new IllegalArgumentException("this server serves user '" + user + "' only (engram mcp --user "
                    + user + "); leave user_id out");
        }
        return user;
    }
}
