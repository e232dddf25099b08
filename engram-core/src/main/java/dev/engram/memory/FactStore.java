package dev.engram.memory;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Facts about users, with their time validity and history. Part of {@link MemoryStore}.
 */
public interface FactStore {
    /** Stores a new fact, with its attributes, and its ADDED history entry. */
    Fact addFact(UserId user, NewFact fact);

    /**
     * Replaces a fact's statement (and key, when not null), recording the old statement in its
     * history with the given kind ({@code UPDATED} or {@code EDITED}). Empty if no such fact.
     */
    Optional<Fact> updateFact(UserId user, long factId, String statement, String key, float[] embedding,
                              FactChange.Kind kind, Provenance source, Instant at);

    /**
     * Applies an edit the user asked for, in one transaction: a new statement (recorded as
     * {@code EDITED} in the fact's history when it differs from the old one, and stored with
     * {@code embedding}), new attributes, or both. A null statement or attributes leaves that part as
     * it is. Empty if no such fact.
     */
    Optional<Fact> editFact(UserId user, long factId, String statement, float[] embedding, Attributes attributes, Instant at);

    /** Marks a fact as no longer true at {@code at}; it stays stored with its history. Empty if no such fact. */
    Optional<Fact> invalidateFact(UserId user, long factId, Instant at, Provenance source);

    /**
     * Forgets a fact for good, in one transaction: the fact, its history, and the turns it came
     * from, so that what the user said is gone from retrieval and from later prompts too. The
     * turns are those named as the source of the fact or of any history entry, each with the
     * assistant turn that follows it in its session (the reply, which often repeats it), and their
     * embeddings with them. Other facts that name a removed turn as their source keep the fact but
     * lose the turn. Changes the user's memory revision, so that search indexes reload. Empty if
     * the user has no such fact.
     */
    Optional<ForgottenFact> forgetFact(UserId user, long factId);

    /** One fact of the user, valid or not. */
    Optional<Fact> fact(UserId user, long factId);

    /** The user's facts, oldest first; invalidated ones only when {@code includeInvalid}. */
    List<Fact> facts(UserId user, boolean includeInvalid);

    /** A fact's history, oldest first; empty if the user has no such fact. */
    List<FactChange> factHistory(UserId user, long factId);
}
