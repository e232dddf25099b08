package dev.engram.memory;

import java.time.Instant;
import java.util.Objects;

/**
 * One message of the turn log. {@code embedding} may be null when it has not been computed yet.
 */
public record Turn(long id, UserId userId, SessionId sessionId, Role role, String text, Instant at, float[] embedding) {
    public Turn {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(at, "at");
    }
}
