package dev.engram.memory;

import java.time.Instant;
import java.util.Objects;

/**
 * A file that Claude's memory tool keeps for a user. It is part of the user's memory like a fact:
 * searchable, shown, exported and erased with the user.
 *
 * @param id store-assigned id, unique across users; kept when the file is renamed
 * @param version 1 when created, one more on every change of its content; a change names the
 *     version it read, so that two concurrent edits cannot silently undo each other
 * @param embedding the content's embedding, or null when none was computed
 */
public record MemoryFile(long id, UserId userId, MemoryFilePath path, String content, long version, Instant createdAt,
                         Instant updatedAt, float[] embedding) {
    public MemoryFile {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
