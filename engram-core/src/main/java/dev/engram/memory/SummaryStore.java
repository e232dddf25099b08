package dev.engram.memory;

import java.time.Instant;
import java.util.List;

/** Session summaries and each user's long-term summary. Part of {@link MemoryStore}. */
public interface SummaryStore {
    /** Stores the summary of one session. */
    Summary addSummary(UserId user, SessionId session, String text, Instant at, float[] embedding);

    /**
     * Replaces the given session summaries and any earlier long-term summary with one new
     * long-term summary, in one transaction.
     */
    Summary foldSummaries(UserId user, List<Long> foldedIds, String longTermText, Instant at, float[] embedding);

    /** The user's summaries: the long-term one first (if any), then session summaries oldest first. */
    List<Summary> summaries(UserId user);

    /** Deletes one summary (a session's or the long-term one) for good. False if the user has no such summary. */
    boolean deleteSummary(UserId user, long summaryId);
}
