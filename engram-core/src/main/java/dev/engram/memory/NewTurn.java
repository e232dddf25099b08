package dev.engram.memory;

import java.time.Instant;
import java.util.Objects;

/** A turn about to be appended to the log: who said it, the text, and when. */
public record NewTurn(Role role, String text, Instant at) {
    public NewTurn {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(at, "at");
    }
}
