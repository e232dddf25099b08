package dev.engram.memory;

import java.util.List;
import java.util.Optional;

/**
 * Durable storage of the files Claude's memory tool keeps for each user, beside the rest of the
 * user's memory (see {@link MemoryStore#files}). A directory is the prefix of the paths under it:
 * it exists while a file does, and no path is both a file and a directory. Every method is scoped
 * to one user; every write is one transaction that changes the user's memory revision, so that
 * search indexes reload. Failures surface as {@link dev.engram.store.StoreException}. Thread safe.
 */
public interface MemoryFileStore {

    /** The user's files, ordered by path. */
    List<MemoryFile> files(UserId user);

    /** The user's file at {@code path}; empty when there is none (a directory is not a file). */
    Optional<MemoryFile> file(UserId user, MemoryFilePath path);

    /**
     * Stores a new file. Empty, and nothing changes, when the user already has a file at {@code path}.
     *
     * @throws IllegalArgumentException when {@code path} is the memory directory or a directory, or
     *     when a directory above it is a file
     */
    Optional<MemoryFile> create(UserId user, MemoryFilePath path, String content, float[] embedding);

    /**
     * Replaces a file's content if it is still at {@code expectedVersion}; the new version is one
     * more. Empty, and nothing changes, when there is no such file or it changed meanwhile.
     */
    Optional<MemoryFile> replace(UserId user, MemoryFilePath path, long expectedVersion, String content, float[] embedding);

    /**
     * Deletes the file at {@code path}, or every file under it when it is a directory, for good (their
     * text is then scrubbed off the disk, as an erase's is). Returns how many files were deleted.
     *
     * @throws IllegalArgumentException when {@code path} is the memory directory itself
     */
    int delete(UserId user, MemoryFilePath path);

    /**
     * Moves the file at {@code from}, or every file under it when it is a directory, to the same
     * place under {@code to}, keeping ids and contents. Returns how many files moved; 0 when nothing
     * is at {@code from}.
     *
     * @throws IllegalArgumentException when anything is at or under {@code to}, when {@code to} lies
     *     inside {@code from}, when either is the memory directory, or when a directory above
     *     {@code to} is a file
     */
    int rename(UserId user, MemoryFilePath from, MemoryFilePath to);
}
