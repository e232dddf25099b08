package dev.engram.extraction;

import dev.engram.memory.Fact;

/**
 * What to do with one candidate fact given the facts already known.
 *
 * @param target the existing fact an UPDATE or INVALIDATE applies to, else null
 * @param statement the statement to store (for UPDATE, the merged statement)
 */
public record Decision(Candidate candidate, Action action, Fact target, String statement) {
    /** The consolidation actions. */
    public enum Action {
        /** New information: store it. */
        ADD,
        /** Same thing as {@code target} with a new or more precise value: replace, keeping history. */
        UPDATE,
        /** {@code target} is no longer true: mark it invalid (kept) and store the candidate. */
        INVALIDATE,
        /** Already known: do nothing. */
        NOOP
    }
}
