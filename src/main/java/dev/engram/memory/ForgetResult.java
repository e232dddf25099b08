package dev.engram.memory;

import java.util.List;

/**
 * What {@code forget} did: the fact or entity removed, or, when the text matched several or
 * none, the matching facts so the user can pick one by id.
 */
public record ForgetResult(String removed, List<Fact> ambiguous) {
    public ForgetResult {
        ambiguous = List.copyOf(ambiguous);
    }

    public boolean done() {
        return removed != null;
    }
}
