package dev.engram.memory;

import java.util.List;

/**
 * The read side that retrieval needs, and nothing else: a user's turns, facts, summaries,
 * entities and memory files, and the revisions that tell a cache when to reload. Search indexes
 * and the chat's pinned memory depend on this, not on the whole {@link MemoryStore}, so that a
 * test or another store can serve them with a handful of methods.
 */
public interface MemoryReader {
    /** All turns of the user, oldest first. */
    List<Turn> turns(UserId user);

    /** The user's facts, oldest first; invalidated ones only when {@code includeInvalid}. */
    List<Fact> facts(UserId user, boolean includeInvalid);

    /** The user's summaries: the long-term one first (if any), then session summaries oldest first. */
    List<Summary> summaries(UserId user);

    /** The user's entities, by name. */
    List<Entity> entities(UserId user);

    /** The user's memory-tool files, by path. */
    List<MemoryFile> memoryFiles(UserId user);

    /**
     * A number that changes whenever anything of the user's memory changes; lets caches of
     * derived data (search indexes) know when to reload.
     */
    long revision(UserId user);

    /** The user's {@link Revisions}, read together. */
    Revisions revisions(UserId user);

    /**
     * The user's turns appended, or whose embedding was stored, by writes after revision
     * {@code since} (as {@link Revisions#all} numbers them), oldest first.
     */
    List<Turn> turnsChangedSince(UserId user, long since);
}
