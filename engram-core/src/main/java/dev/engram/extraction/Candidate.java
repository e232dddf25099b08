package dev.engram.extraction;

import java.util.Objects;

/**
 * A fact the memory model proposed from a conversation, before the store/skip rules.
 *
 * @param subject {@code user} when the fact is about the user, else who it is about
 * @param key optional slot (job, location, ...), null when none
 * @param certainty how the user conveyed it
 * @param durable whether it will likely still be true next month
 */
public record Candidate(String statement, String subject, String key, String kind, Certainty certainty, boolean durable) {
    /** How a candidate was conveyed. */
    public enum Certainty {
        EXPLICIT,
        INFERRED,
        UNCERTAIN
    }

    public Candidate {
        Objects.requireNonNull(statement, "statement");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(certainty, "certainty");
    }

    /** True when the subject names the user rather than someone else. */
    public boolean aboutUser() {
        String s = subject.strip().toLowerCase(java.util.Locale.ROOT);
        return s.equals("user") || s.equals("the user") || s.equals("me") || s.equals("i") || s.equals("self");
    }
}
