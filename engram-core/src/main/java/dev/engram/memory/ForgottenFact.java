package dev.engram.memory;

import java.util.List;
import java.util.Objects;

/**
 * A fact that was forgotten, as it was just before, and the ids of the turns removed with it: the
 * turns it and its history came from, each with the assistant reply that answered it.
 */
public record ForgottenFact(Fact fact, List<Long> turnIds) {
    public ForgottenFact {
        Objects.requireNonNull(fact, "fact");
        turnIds = List.copyOf(turnIds);
    }
}
