package dev.engram.memory;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

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
 * @param attributes the caller's own key/values about the fact ({@link Attributes#NONE} when none)
 * @param originId the id the fact had in the system it was imported from (a mem0 memory id), or null
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
        float[] embedding,
        Attributes attributes,
        String originId) {
    private static final Pattern ORIGIN_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    /** A fact with no attributes and no origin id. */
    public Fact(long id, UserId userId, String statement, String key, String subject, Provenance source,
                double confidence, Instant createdAt, Instant updatedAt, Instant validFrom, Instant invalidAt,
                float[] embedding) {
        this(id, userId, statement, key, subject, source, confidence, createdAt, updatedAt, validFrom, invalidAt,
                embedding, Attributes.NONE, null);
    }

    public Fact {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(statement, "statement");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(validFrom, "validFrom");
        Objects.requireNonNull(attributes, "attributes");
        requireOriginId(originId);
    }

    /**
     * Checks an origin id: null, or 1-128 letters, digits, '.', '_', ':' or '-', not all digits (so
     * that it can never be taken for an Engram fact id). Returns it.
     *
     * @throws IllegalArgumentException when it breaks these rules
     */
    public static String requireOriginId(String originId) {
        if (originId != null && (!ORIGIN_ID.matcher(originId).matches() || originId.chars().allMatch(Character::isDigit))) {
            throw new IllegalArgumentException("an origin id is 1-128 letters, digits, '.', '_', ':' or '-', and not all"
                    + " digits (a mem0 id is a UUID); got '" + StorableText.clean(originId.length() > 40
                    ? originId.substring(0, 40) + "..." : originId) + "'");
        }
        return originId;
    }

    /** True while the fact holds (it has not been invalidated). */
    public boolean valid() {
        return invalidAt == null;
    }
}
