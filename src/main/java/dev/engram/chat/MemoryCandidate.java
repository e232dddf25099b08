package dev.engram.chat;

import dev.engram.memory.Role;
import java.time.Instant;
import java.util.Objects;

/**
 * One piece of memory that may go into the prompt's memory block, with its retrieval score
 * (higher is more relevant). {@code label} is a short reference shown to the model, e.g. {@code #12};
 * {@code role} says who wrote an earlier message, the user or the assistant, and is null otherwise.
 */
public record MemoryCandidate(Kind kind, String label, String text, Instant at, double score, Role role) {
    /** A candidate that is not an earlier message. */
    public MemoryCandidate(Kind kind, String label, String text, Instant at, double score) {
        this(kind, label, text, at, score, null);
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
    }
}
