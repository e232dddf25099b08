package dev.engram.memory;

import java.time.Instant;

/**
 * A summary of one session, or (when {@code longTerm}) the folded summary of many older sessions.
 * {@code session} is null for the long-term summary.
 */
public record Summary(long id, UserId userId, SessionId session, String text, boolean longTerm, Instant createdAt, float[] embedding) {}
