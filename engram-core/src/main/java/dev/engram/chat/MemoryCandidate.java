package dev.engram.chat;

import dev.engram.memory.Role;
import java.time.Instant;
import java.util.Objects;

/**
 * One piece of memory that may go into the prompt's memory block, with its retrieval score
 * (higher is more relevant). {@code id} is the store's id of the fact, summary, entity, turn or
 * memory file (positive); {@link #ref()} names the item as people and the API do. {@code label} is a short
 * reference shown to the model, e.g. {@code #12}, or null; {@code role} says who wrote an earlier
 * message, the user or the assistant, and is null otherwise.
 */
public record MemoryCandidate(Kind kind, long id, String label, String text, Instant at, double score, Role role) {
    /** A candidate that is not an earlier message. */
    public MemoryCandidate(Kind kind, long id, String label, String text, Instant at, double score) {
        this(kind, id, label, text, at, score, null);
    }

    /** What a candidate is. */
    public enum Kind {
        FACT,
        SUMMARY,
        ENTITY,
        TURN,
        /** A file of Claude's memory tool; its text starts with the path. */
        FILE
    }

    public MemoryCandidate {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(text, "text");
        if (id <= 0) {
            throw new IllegalArgumentException("a memory candidate needs the store's id of its item (positive), got " + id);
        }
    }

    /**
     * The item's stable name: {@code #12} for fact 12, {@code s3} for summary 3, {@code e7} for
     * entity 7 and {@code t45} for turn 45, as {@code /memory} and the HTTP API show them, and
     * {@code f4} for memory file 4.
     */
    public String ref() {
        return switch (kind) {
            case FACT -> "#" + id;
            case SUMMARY -> "s" + id;
            case ENTITY -> "e" + id;
            case TURN -> "t" + id;
            case FILE -> "f" + id;
        };
    }
}
