package dev.engram.memory;

import java.time.Instant;
import java.util.Objects;

/**
 * A fact about to be stored; the store assigns id and times. {@code key} and {@code embedding} may
 * be null.
 */
public record NewFact(String statement, String key, Provenance source, double confidence, Instant validFrom, float[] embedding,
                      Attributes attributes) {
    /** A fact with no attributes. */
    public NewFact(String statement, String key, Provenance source, double confidence, Instant validFrom, float[] embedding) {
        this(statement, key, source, confidence, validFrom, embedding, Attributes.NONE);
    }

    public NewFact {
        Objects.requireNonNull(statement, "statement");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(validFrom, "validFrom");
        Objects.requireNonNull(attributes, "attributes");
        if (statement.isBlank()) {
            throw new IllegalArgumentException("a fact must not be empty");
        }
        if (confidence < 0 || confidence > 1) {
            throw new IllegalArgumentException("confidence must be between 0 and 1, was " + confidence);
        }
    }
}
