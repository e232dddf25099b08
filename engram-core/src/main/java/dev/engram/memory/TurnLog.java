package dev.engram.memory;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * The turn log: what each user and the assistant said, session by session, with the jobs each
 * write causes. Part of {@link MemoryStore}.
 */
public interface TurnLog {
    /**
     * Appends a turn and enqueues {@code jobs} in the same transaction, so that a turn is never
     * stored without the work it causes. Returns the stored turn.
     */
    Turn appendTurn(UserId user, SessionId session, Role role, String text, Instant at, float[] embedding, List<NewJob> jobs);

    /**
     * Appends turns of one session, in the given order, and enqueues the jobs that {@code jobs} makes
     * of the stored turns (which carry their new ids), all in one transaction: none of it is stored
     * unless all of it is. Returns the stored turns in order.
     *
     * @throws IllegalArgumentException when {@code turns} is empty
     */
    List<Turn> appendTurns(UserId user, SessionId session, List<NewTurn> turns, Function<List<Turn>, List<NewJob>> jobs);

    /** Sets the embedding of a stored turn (computed off the reply path). */
    void setTurnEmbedding(UserId user, long turnId, float[] embedding);

    /** The turns of one session, oldest first. */
    List<Turn> sessionTurns(UserId user, SessionId session);

    /** All turns of the user, oldest first. */
    List<Turn> turns(UserId user);
}
