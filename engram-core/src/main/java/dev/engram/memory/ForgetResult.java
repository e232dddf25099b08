package dev.engram.memory;

import java.util.List;

/**
 * What {@code forget} did: the fact, summary or entity removed, with the ids of the turns removed
 * with a fact (see {@link MemoryStore#forgetFact}); or, when the text matched several facts, those
 * facts so the user can pick one by id, and nothing removed.
 */
public record ForgetResult(String removed, List<Long> removedTurns, List<Fact> ambiguous) {
    public ForgetResult {
        removedTurns = List.copyOf(removedTurns);
        ambiguous = List.copyOf(ambiguous);
    }

    /** A removal that took no turns with it. */
    public static ForgetResult removed(String what) {
        return new ForgetResult(what, List.of(), List.of());
    }

    public boolean done() {
        return removed != null;
    }
}
