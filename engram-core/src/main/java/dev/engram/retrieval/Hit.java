package dev.engram.retrieval;

import dev.engram.memory.Role;
import dev.engram.memory.SessionId;
import java.time.Instant;
import java.util.Objects;

/**
 * One retrieved memory item with its fused score (higher is better; comparable only within
 * one result list). {@code session} is the session of a turn or session summary, else null;
 * {@code role} says who wrote a turn, else null.
 */
public record Hit(ItemKind kind, long id, String text, Instant time, double score, SessionId session, Role role) {
    /** A hit that belongs to no session (a fact, entity or long-term summary). */
    public Hit(ItemKind kind, long id, String text, Instant time, double score) {
        this(kind, id, text, time, score, null, null);
    }

    public Hit {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(time, "time");
    }
}
