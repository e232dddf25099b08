package dev.engram.memory;

import java.time.Instant;

/**
 * One entry of a fact's history.
 *
 * @param kind what happened
 * @param before the statement before the change, null for {@link Kind#ADDED}
 * @param after the statement after the change
 */
public record FactChange(long factId, Kind kind, String before, String after, Instant at, Provenance source) {
    /** The kinds of change a fact goes through. */
    public enum Kind {
        ADDED,
        UPDATED,
        INVALIDATED,
        EDITED
    }
}
