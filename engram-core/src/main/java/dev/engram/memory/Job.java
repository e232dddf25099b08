package dev.engram.memory;

import java.time.Instant;

/**
 * A unit of background memory work (extraction, summarization, folding) kept in the store so
 * that none is lost when the process stops.
 */
public record Job(long id, UserId userId, String type, String payload, Status status, int attempts,
                  Instant runAt, String lastError, Instant createdAt) {
    /** Life cycle of a job. */
    public enum Status {
        PENDING,
        RUNNING,
        DONE,
        DEAD
    }
}
