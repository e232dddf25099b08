package dev.engram.memory;

import java.time.Instant;
import java.util.Objects;

/**
 * A persistent statement about a user.
 *
 * @param id store-assigned id, unique across users
 * @param statement the fact in one sentence, e.g. "Works as a nurse in Leeds."
 * @param key optional slot such as {@code job} or {@code location}; a new value for the same key
 *     replaces the old one (kept in history). Null when the fact has no natural slot.
 * @param subject who the fact is about; always {@code "user"} for facts, other people become entities
 * @param source the session and turn that produced it
 * @param confidence 0..1
 * @param validFrom when the fact became true (as far as we know)
 * @param invalidAt when it stopped being true, or null while it holds
 * @param embedding the statement's embedding, or null if not computed
 */
public record Fact(
        long id,
        UserId userId,
        String statement,
        String key,
        String subject,
        Provenance source,
        double confidence,
        Instant createdAt,
        Instant updatedAt,
        Instant validFrom,
        Instant invalidAt,
        float[] embedding) {
    public Fact {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(statement, "statement");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(validFrom, "validFrom");
    }

    /** True while the fact holds (it has not been invalidated). */
    public boolean valid() {
        return invalidAt == null;
    }
}
