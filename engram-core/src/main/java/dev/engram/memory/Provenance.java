package dev.engram.memory;

/**
 * Where a memory change came from: the session and turn that caused it, either may be null
 * (a fact typed with {@code /remember} has a session but no turn; an imported fact has neither).
 */
public record Provenance(SessionId session, Long turnId) {
    /** No known source. */
    public static final Provenance NONE = new Provenance(null, null);
}
