package dev.engram.memory;

import java.time.Instant;
import java.util.List;

/** A user's memory as a whole: export, import and erase, and who has any. Part of {@link MemoryStore}. */
public interface UserData {
    /** Everything about the user, for export, memory files included. */
    MemoryExport export(UserId user, Instant now);

    /**
     * Adds an exported memory to the user's, in one transaction: all of it or, on any failure,
     * none. Facts keep their statements, keys, validity, history, attributes and origin ids; ids are
     * new. A fact whose statement or origin id the user already has is not added again.
     *
     * @param embeddingOf the embedding to store with a text (a fact statement, a summary, an
     *     entity's {@code name: notes}, a turn), or null; computed before the transaction starts
     */
    ImportCounts importMemory(UserId user, MemoryExport data, java.util.function.Function<String, float[]> embeddingOf);

    /**
     * Erases every row of the user in every table, including jobs, in one transaction. A job of the
     * user that is running meanwhile loses its claim, so its later writes are refused and cannot
     * bring the user back (see {@link JobQueue#runClaimed}). Returns true if anything existed.
     */
    boolean erase(UserId user);

    /** Users that have any stored memory, by id. */
    List<UserId> users();
}
