package dev.engram.memory;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Durable storage of users' memory. Every method is scoped to one user and can never read or
 * change another user's rows; every write is one transaction. Implementations are thread safe.
 * Failures surface as {@link dev.engram.store.StoreException}; no method turns a failure into an
 * empty result.
 */
public interface MemoryStore extends AutoCloseable {

    /**
     * Appends a turn and enqueues {@code jobs} in the same transaction, so that a turn is never
     * stored without the work it causes. Returns the stored turn.
     */
    Turn appendTurn(UserId user, SessionId session, Role role, String text, Instant at, float[] embedding, List<NewJob> jobs);

    /**
     * Appends turns of one session, in the given order, and enqueues the jobs that {@code jobs} makes
     * of the stored turns (which carry their new ids), all in one transaction: none of it is stored
     * unless all of it is. Returns the stored turns in order.
     *
     * @throws IllegalArgumentException when {@code turns} is empty
     */
    List<Turn> appendTurns(UserId user, SessionId session, List<NewTurn> turns, Function<List<Turn>, List<NewJob>> jobs);

    /** Sets the embedding of a stored turn (computed off the reply path). */
    void setTurnEmbedding(UserId user, long turnId, float[] embedding);

    /** The turns of one session, oldest first. */
    List<Turn> sessionTurns(UserId user, SessionId session);

    /** All turns of the user, oldest first. */
    List<Turn> turns(UserId user);

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

    /** Stores the summary of one session. */
    Summary addSummary(UserId user, SessionId session, String text, Instant at, float[] embedding);

    /**
     * Replaces the given session summaries and any earlier long-term summary with one new
     * long-term summary, in one transaction.
     */
    Summary foldSummaries(UserId user, List<Long> foldedIds, String longTermText, Instant at, float[] embedding);

    /** The user's summaries: the long-term one first (if any), then session summaries oldest first. */
    List<Summary> summaries(UserId user);

    /** Deletes one summary (a session's or the long-term one) for good. False if the user has no such summary. */
    boolean deleteSummary(UserId user, long summaryId);

    /**
     * Adds or updates the entity with this name (case-insensitive), appending {@code note} to its
     * notes unless already there.
     */
    Entity upsertEntity(UserId user, String name, String type, String note, Instant at, float[] embedding);

    /** Deletes an entity. False if the user has no such entity. */
    boolean deleteEntity(UserId user, long entityId);

    /** The user's entities, by name. */
    List<Entity> entities(UserId user);

    /** Everything about the user, for export, memory files included. */
    MemoryExport export(UserId user, Instant now);

    /**
     * Adds an exported memory to the user's, in one transaction: all of it or, on any failure,
     * none. Facts keep their statements, keys, validity, history, attributes and origin ids; ids are
     * new. A fact whose statement or origin id the user already has is not added again.
     *
     * @param embeddingOf the embedding to store with a text (a fact statement, a summary, an
     *     entity's {@code name: notes}, a turn), or null; computed before the transaction starts
     */
    ImportCounts importMemory(UserId user, MemoryExport data, java.util.function.Function<String, float[]> embeddingOf);

    /**
     * Erases every row of the user in every table, including jobs, in one transaction. A job of the
     * user that is running meanwhile loses its claim, so its later writes are refused and cannot
     * bring the user back (see {@link JobQueue#runClaimed}). Returns true if anything existed.
     */
    boolean erase(UserId user);

    /** Users that have any stored memory, by id. */
    List<UserId> users();

    /**
     * A number that changes whenever anything of the user's memory changes; lets caches of
     * derived data (search indexes) know when to reload.
     */
    long revision(UserId user);

    /** The user's {@link Revisions}, read together. */
    Revisions revisions(UserId user);

    /**
     * The user's turns appended, or whose embedding was stored, by writes after revision
     * {@code since} (as {@link Revisions#all} numbers them), oldest first.
     */
    List<Turn> turnsChangedSince(UserId user, long since);

    /**
     * Records {@code model} as the model of the stored embeddings if none is recorded yet, and
     * returns the recorded one. Embeddings of two models must never be compared.
     */
    String pinEmbeddingModel(String model);

    /** The job queue that shares this store's database and transactions. */
    JobQueue jobs();

    /** The files of Claude's memory tool, in this store's database and transactions; erased with the user. */
    MemoryFileStore files();

    @Override
    void close();
}
