package dev.engram.mcp;

import dev.engram.memory.UserId;
import java.util.function.Function;

/**
 * How one MCP call reaches the user it acts on. The user is named by the call's {@code user_id}
 * argument, or else by the session; a caller can only ever reach its own users. Work that cannot
 * be done for a reason the caller can fix (no such user, no user named, a user id that breaks the
 * rules) throws {@link IllegalArgumentException} with a message for the caller.
 */
public interface UserScope {

    /**
     * Runs {@code work} as a read of the named user.
     *
     * @param userArgument the call's {@code user_id}, or null to use the session's user
     */
    <T> T read(String userArgument, Function<UserId, T> work);

    /** Runs {@code work} as a write on the named user, who is created on first use. */
    <T> T write(String userArgument, Function<UserId, T> work);

    /** As {@link #write}, for a change to a user who must already exist (forgetting). */
    <T> T change(String userArgument, Function<UserId, T> work);
}
