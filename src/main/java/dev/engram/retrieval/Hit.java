package dev.engram.retrieval;

import java.time.Instant;
import java.util.Objects;

/**
 * One retrieved memory item with its fused score (higher is better; comparable only within
 * one result list).
 */
public record Hit(ItemKind kind, long id, String text, Instant time, double score) {
    public Hit {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(time, "time");
    }
}
