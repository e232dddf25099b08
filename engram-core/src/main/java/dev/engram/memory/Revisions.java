package dev.engram.memory;

/**
 * A user's revisions: {@code all} changes on every write to the user's memory; {@code memory}
 * changes on every write except appending a turn or storing a turn's embedding (and when the user
 * is first created). While {@code memory} stays the same, only turns were added or changed, which
 * {@link MemoryStore#turnsChangedSince} lists. Both are 0 for a user with no memory.
 */
public record Revisions(long all, long memory) {}
