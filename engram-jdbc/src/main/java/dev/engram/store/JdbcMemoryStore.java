package dev.engram.store;

import static java.util.Objects.requireNonNull;

import dev.engram.memory.Attributes;
import dev.engram.memory.Entity;
import dev.engram.memory.Fact;
import dev.engram.memory.FactChange;
import dev.engram.memory.ForgottenFact;
import dev.engram.memory.ImportCounts;
import dev.engram.memory.JobQueue;
import dev.engram.memory.MemoryExport;
import dev.engram.memory.MemoryFileStore;
import dev.engram.memory.MemoryStore;
import dev.engram.memory.NewFact;
import dev.engram.memory.NewJob;
import dev.engram.memory.NewTurn;
import dev.engram.memory.Provenance;
import dev.engram.memory.Revisions;
import dev.engram.memory.Role;
import dev.engram.memory.SessionId;
import dev.engram.memory.Summary;
import dev.engram.memory.Turn;
import dev.engram.memory.UserId;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * A {@link MemoryStore} and its {@link JobQueue} over JDBC, running the same SQL on SQLite and
 * PostgreSQL with a {@link SqlDialect} for what differs. Times are kept to the millisecond, so the
 * records returned carry instants truncated to milliseconds. Thread safe.
 *
 * <p>Every statement is scoped by {@code user_id}; every write is one transaction that first gives
 * the user a new revision. Arguments are checked before anything is written: a null where a value
 * is required throws {@link NullPointerException} naming it, a blank statement or name throws
 * {@link IllegalArgumentException}. Database failures throw {@link StoreException}.
 *
 * <p>A fact's {@code source} is the provenance of its current statement: {@link #updateFact} and
 * {@link #invalidateFact} record the given source in the history, and {@code updateFact} also sets
 * it on the fact.
 */
public final class JdbcMemoryStore implements MemoryStore {
    private static final String USER_SUBJECT = "user";

    private final DataSource dataSource;
    private final TransactionRunner transactions;
    private final UserRevisions users;
    private final JdbcJobQueue jobs;
    private final JdbcTenantStore tenants;
    private final JdbcMemoryFiles files;
    private final Scrubber scrubber;
    private final Clock clock;

    /**
     * Wraps a migrated database. The store owns {@code dataSource} and closes it on {@link #close()}
     * when it is {@link AutoCloseable}. Use {@link StoreFactory#open} to get a configured, migrated one.
     */
    public JdbcMemoryStore(DataSource dataSource, SqlDialect dialect, Clock clock) {
        this(dataSource, dialect, clock, true);
    }

    /**
     * As {@link #JdbcMemoryStore(DataSource, SqlDialect, Clock)}; {@code scrubErased} false leaves
     * deleted rows to the database's own clean-up (see {@link StoreOptions#scrubErased}).
     */
    JdbcMemoryStore(DataSource dataSource, SqlDialect dialect, Clock clock, boolean scrubErased) {
        this.dataSource = requireNonNull(dataSource, "dataSource must not be null");
        this.clock = requireNonNull(clock, "clock must not be null");
        this.transactions = new TransactionRunner(dataSource, requireNonNull(dialect, "dialect must not be null"));
        ClaimFence fence = new ClaimFence(dialect);
        this.users = new UserRevisions(dialect, fence);
        this.jobs = new JdbcJobQueue(transactions, dialect, users, fence, clock);
        this.tenants = new JdbcTenantStore(transactions);
        this.scrubber = new Scrubber(transactions, dialect, scrubErased);
        this.files = new JdbcMemoryFiles(transactions, users, scrubber, clock);
    }

    /** Runs {@code work} on one of the pool's connections, for tests of the connections' settings. */
    <T> T onPooledConnection(TransactionRunner.Work<T> work) {
        return transactions.read("read a connection setting", work);
    }

    /**
     * Scrubs what earlier erases deleted but could not yet take off the disk (see {@link #erase}),
     * in the background if it cannot finish now. {@link StoreFactory#open} runs it.
     */
    void scrubDeleted() {
        scrubber.afterDelete();
    }

    /** The API tenants, keys and tenant users kept in this store's database, sharing its pool and transactions. */
    public JdbcTenantStore tenants() {
        return tenants;
    }

    @Override
    public Turn appendTurn(UserId user, SessionId session, Role role, String text, Instant at, float[] embedding,
                           List<NewJob> jobs) {
        requireNonNull(user, "user must not be null");
        requireNonNull(session, "session must not be null");
        requireNonNull(role, "role must not be null");
        requireNonNull(text, "text must not be null");
        requireNonNull(at, "at must not be null");
        requireNonNull(jobs, "jobs must not be null (pass an empty list)");
        jobs.forEach(JdbcJobQueue::checkJob);
        List<NewJob> toEnqueue = List.copyOf(jobs);
        long atMillis = at.toEpochMilli();
        return transactions.write("append a turn for user " + user, connection -> {
            long now = clock.millis();
            long revision = users.bumpForTurn(connection, user, now);
            Turn turn = insertTurn(connection, user, session, role, text, atMillis, embedding, revision);
            for (NewJob job : toEnqueue) {
                JdbcJobQueue.insert(connection, user, job, atMillis, now);
            }
            return turn;
        });
    }

    private static Turn insertTurn(Connection connection, UserId user, SessionId session, Role role, String text, long atMillis,
                                   float[] embedding, long revision) throws SQLException {
        long id = Statements.insert(connection, "INSERT INTO turns (user_id, session_id, role, text, at, embedding, revision)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                user.value(), session.value(), role.name(), text, atMillis, EmbeddingCodec.encode(embedding), revision);
        return new Turn(id, user, session, role, text, Instant.ofEpochMilli(atMillis), copy(embedding));
    }

    /** {@inheritDoc} The user's revision changes once, as for one turn. */
    @Override
    public List<Turn> appendTurns(UserId user, SessionId session, List<NewTurn> turns,
                                  Function<List<Turn>, List<NewJob>> jobs) {
        requireNonNull(user, "user must not be null");
        requireNonNull(session, "session must not be null");
        List<NewTurn> toAppend = List.copyOf(requireNonNull(turns, "turns must not be null"));
        requireNonNull(jobs, "jobs must not be null");
        if (toAppend.isEmpty()) {
            throw new IllegalArgumentException("there are no turns to append");
        }
        return transactions.write("append " + toAppend.size() + " turns for user " + user, connection -> {
            long now = clock.millis();
            long revision = users.bumpForTurn(connection, user, now);
            List<Turn> stored = new ArrayList<>(toAppend.size());
            for (NewTurn t : toAppend) {
                stored.add(insertTurn(connection, user, session, t.role(), t.text(), t.at().toEpochMilli(), null, revision));
            }
            List<Turn> appended = List.copyOf(stored);
            List<NewJob> made = List.copyOf(requireNonNull(jobs.apply(appended), "jobs made no list"));
            made.forEach(JdbcJobQueue::checkJob);
            for (NewJob job : made) {
                JdbcJobQueue.insert(connection, user, job, now, now);
            }
            return appended;
        });
    }

    @Override
    public void setTurnEmbedding(UserId user, long turnId, float[] embedding) {
        requireNonNull(user, "user must not be null");
        transactions.write("set the embedding of turn " + turnId + " of user " + user, connection -> {
            long revision = users.bumpExistingForTurn(connection, user);
            if (revision < 0 || Statements.update(connection,
                    "UPDATE turns SET embedding = ?, revision = ? WHERE user_id = ? AND id = ?",
                    EmbeddingCodec.encode(embedding), revision, user.value(), turnId) == 0) {
                throw new IllegalArgumentException("user " + user + " has no turn " + turnId);
            }
            return null;
        });
    }

    @Override
    public List<Turn> sessionTurns(UserId user, SessionId session) {
        requireNonNull(user, "user must not be null");
        requireNonNull(session, "session must not be null");
        return transactions.read("read the turns of session " + session + " of user " + user,
                connection -> Statements.list(connection, "SELECT " + Rows.TURN
                                + " FROM turns WHERE user_id = ? AND session_id = ? ORDER BY at, id",
                        Rows::turn, user.value(), session.value()));
    }

    @Override
    public List<Turn> turns(UserId user) {
        requireNonNull(user, "user must not be null");
        return transactions.read("read the turns of user " + user, connection -> turns(connection, user));
    }

    @Override
    public Fact addFact(UserId user, NewFact fact) {
        requireNonNull(user, "user must not be null");
        requireNonNull(fact, "fact must not be null");
        return transactions.write("add a fact for user " + user, connection -> {
            long now = clock.millis();
            users.bump(connection, user, now);
            long id = Statements.insert(connection, "INSERT INTO facts (user_id, statement, fact_key, subject,"
                            + " source_session, source_turn, confidence, created_at, updated_at, valid_from, embedding, attributes)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                    user.value(), fact.statement(), fact.key(), USER_SUBJECT, Rows.sessionOf(fact.source()),
                    fact.source().turnId(), fact.confidence(), now, now, fact.validFrom().toEpochMilli(),
                    EmbeddingCodec.encode(fact.embedding()), Statements.json(fact.attributes().json()));
            addChange(connection, user, id, FactChange.Kind.ADDED, null, fact.statement(), now, fact.source());
            return fact(connection, user, id).orElseThrow();
        });
    }

    @Override
    public Optional<Fact> updateFact(UserId user, long factId, String statement, String key, float[] embedding,
                                     FactChange.Kind kind, Provenance source, Instant at) {
        requireNonNull(user, "user must not be null");
        requireNonNull(statement, "statement must not be null");
        if (statement.isBlank()) {
            throw new IllegalArgumentException("a fact must not be empty");
        }
        requireNonNull(kind, "kind must not be null");
        if (kind != FactChange.Kind.UPDATED && kind != FactChange.Kind.EDITED) {
            throw new IllegalArgumentException("a fact update is UPDATED or EDITED, not " + kind);
        }
        requireNonNull(source, "source must not be null (use Provenance.NONE)");
        requireNonNull(at, "at must not be null");
        return transactions.write("update fact " + factId + " of user " + user, connection -> {
            Optional<Fact> before = users.bumpExisting(connection, user) ? fact(connection, user, factId) : Optional.empty();
            if (before.isEmpty()) {
                return Optional.<Fact>empty();
            }
            Statements.update(connection, "UPDATE facts SET statement = ?, fact_key = COALESCE(?, fact_key), embedding = ?,"
                            + " updated_at = ?, source_session = ?, source_turn = ? WHERE user_id = ? AND id = ?",
                    statement, key, EmbeddingCodec.encode(embedding), at.toEpochMilli(), Rows.sessionOf(source),
                    source.turnId(), user.value(), factId);
            addChange(connection, user, factId, kind, before.get().statement(), statement, at.toEpochMilli(), source);
            return fact(connection, user, factId);
        });
    }

    @Override
    public Optional<Fact> editFact(UserId user, long factId, String statement, float[] embedding, Attributes attributes,
                                   Instant at) {
        requireNonNull(user, "user must not be null");
        if (statement != null && statement.isBlank()) {
            throw new IllegalArgumentException("a fact must not be empty");
        }
        requireNonNull(at, "at must not be null");
        return transactions.write("edit fact " + factId + " of user " + user, connection -> {
            Optional<Fact> before = users.bumpExisting(connection, user) ? fact(connection, user, factId) : Optional.empty();
            if (before.isEmpty()) {
                return Optional.<Fact>empty();
            }
            Fact old = before.get();
            boolean newText = statement != null && !statement.equals(old.statement());
            Statements.update(connection, "UPDATE facts SET statement = ?, embedding = ?, attributes = ?, updated_at = ?"
                            + " WHERE user_id = ? AND id = ?", newText ? statement : old.statement(),
                    EmbeddingCodec.encode(newText ? embedding : old.embedding()),
                    Statements.json((attributes == null ? old.attributes() : attributes).json()), at.toEpochMilli(),
                    user.value(), factId);
            if (newText) {
                addChange(connection, user, factId, FactChange.Kind.EDITED, old.statement(), statement, at.toEpochMilli(),
                        Provenance.NONE);
            }
            return fact(connection, user, factId);
        });
    }

    /** {@inheritDoc} A fact that is already invalid is returned unchanged. */
    @Override
    public Optional<Fact> invalidateFact(UserId user, long factId, Instant at, Provenance source) {
        requireNonNull(user, "user must not be null");
        requireNonNull(at, "at must not be null");
        requireNonNull(source, "source must not be null (use Provenance.NONE)");
        return transactions.write("invalidate fact " + factId + " of user " + user, connection -> {
            Optional<Fact> before = users.bumpExisting(connection, user) ? fact(connection, user, factId) : Optional.empty();
            if (before.isEmpty() || !before.get().valid()) {
                return before;
            }
            Statements.update(connection, "UPDATE facts SET invalid_at = ?, updated_at = ? WHERE user_id = ? AND id = ?",
                    at.toEpochMilli(), at.toEpochMilli(), user.value(), factId);
            String statement = before.get().statement();
            addChange(connection, user, factId, FactChange.Kind.INVALIDATED, statement, statement, at.toEpochMilli(), source);
            return fact(connection, user, factId);
        });
    }

    /** {@inheritDoc} Their text is then scrubbed off the disk, as an erase's is. */
    @Override
    public Optional<ForgottenFact> forgetFact(UserId user, long factId) {
        requireNonNull(user, "user must not be null");
        Optional<ForgottenFact> forgotten = transactions.write("forget fact " + factId + " of user " + user, connection -> {
            Optional<Fact> fact = users.bumpExisting(connection, user) ? fact(connection, user, factId) : Optional.empty();
            if (fact.isEmpty()) {
                return Optional.<ForgottenFact>empty();
            }
            List<Long> turns = SourceTurns.of(connection, user, factId);
            Statements.update(connection, "DELETE FROM fact_history WHERE user_id = ? AND fact_id = ?", user.value(), factId);
            Statements.update(connection, "DELETE FROM facts WHERE user_id = ? AND id = ?", user.value(), factId);
            SourceTurns.delete(connection, user, turns);
            scrubber.request(connection, turns.isEmpty() ? List.of("facts", "fact_history") : List.of("facts", "fact_history", "turns"));
            return Optional.of(new ForgottenFact(fact.get(), turns));
        });
        if (forgotten.isPresent()) {
            scrubber.afterDelete();
        }
        return forgotten;
    }

    @Override
    public Optional<Fact> fact(UserId user, long factId) {
        requireNonNull(user, "user must not be null");
        return transactions.read("read fact " + factId + " of user " + user, connection -> fact(connection, user, factId));
    }

    @Override
    public List<Fact> facts(UserId user, boolean includeInvalid) {
        requireNonNull(user, "user must not be null");
        return transactions.read("read the facts of user " + user, connection -> facts(connection, user, includeInvalid));
    }

    @Override
    public List<FactChange> factHistory(UserId user, long factId) {
        requireNonNull(user, "user must not be null");
        return transactions.read("read the history of fact " + factId + " of user " + user,
                connection -> Statements.list(connection, "SELECT " + Rows.CHANGE
                                + " FROM fact_history WHERE user_id = ? AND fact_id = ? ORDER BY id",
                        Rows::change, user.value(), factId));
    }

    @Override
    public Summary addSummary(UserId user, SessionId session, String text, Instant at, float[] embedding) {
        requireNonNull(user, "user must not be null");
        requireNonNull(session, "session must not be null");
        requireNonNull(text, "text must not be null");
        requireNonNull(at, "at must not be null");
        return transactions.write("add a summary for user " + user, connection -> {
            users.bump(connection, user, clock.millis());
            return insertSummary(connection, user, session, text, at, embedding);
        });
    }

    /**
     * {@inheritDoc} Throws {@link IllegalArgumentException}, and changes nothing, when an id is not
     * a session summary of this user.
     */
    @Override
    public Summary foldSummaries(UserId user, List<Long> foldedIds, String longTermText, Instant at, float[] embedding) {
        requireNonNull(user, "user must not be null");
        LinkedHashSet<Long> folded = new LinkedHashSet<>(requireNonNull(foldedIds, "foldedIds must not be null"));
        if (folded.contains(null)) {
            throw new NullPointerException("foldedIds must not contain null");
        }
        requireNonNull(longTermText, "longTermText must not be null");
        requireNonNull(at, "at must not be null");
        return transactions.write("fold " + folded.size() + " summaries of user " + user, connection -> {
            users.bump(connection, user, clock.millis());
            for (long id : folded) {
                if (Statements.update(connection, "DELETE FROM summaries WHERE user_id = ? AND id = ? AND long_term = ?",
                        user.value(), id, false) == 0) {
                    throw new IllegalArgumentException("summary " + id + " is not a session summary of user " + user);
                }
            }
            Statements.update(connection, "DELETE FROM summaries WHERE user_id = ? AND long_term = ?", user.value(), true);
            return insertSummary(connection, user, null, longTermText, at, embedding);
        });
    }

    @Override
    public List<Summary> summaries(UserId user) {
        requireNonNull(user, "user must not be null");
        return transactions.read("read the summaries of user " + user, connection -> summaries(connection, user));
    }

    /** {@inheritDoc} Its text is then scrubbed off the disk, as an erase's is. */
    @Override
    public boolean deleteSummary(UserId user, long summaryId) {
        requireNonNull(user, "user must not be null");
        boolean deleted = transactions.write("delete summary " + summaryId + " of user " + user, connection -> {
            if (!users.bumpExisting(connection, user) || Statements.update(connection,
                    "DELETE FROM summaries WHERE user_id = ? AND id = ?", user.value(), summaryId) == 0) {
                return false;
            }
            scrubber.request(connection, List.of("summaries"));
            return true;
        });
        if (deleted) {
            scrubber.afterDelete();
        }
        return deleted;
    }

    /**
     * {@inheritDoc} The note is appended on a new line unless one of the lines already equals it,
     * ignoring case; a null {@code note} or {@code type} keeps the stored value, as does a null
     * {@code embedding}.
     */
    @Override
    public Entity upsertEntity(UserId user, String name, String type, String note, Instant at, float[] embedding) {
        requireNonNull(user, "user must not be null");
        requireNonNull(name, "name must not be null");
        if (name.isBlank()) {
            throw new IllegalArgumentException("an entity name must not be blank");
        }
        requireNonNull(at, "at must not be null");
        String display = name.strip();
        String norm = display.toLowerCase(Locale.ROOT);
        return transactions.write("save entity '" + display + "' of user " + user, connection -> {
            users.bump(connection, user, clock.millis());
            Optional<Entity> existing = Statements.one(connection, "SELECT " + Rows.ENTITY
                    + " FROM entities WHERE user_id = ? AND name_norm = ?", Rows::entity, user.value(), norm);
            long id;
            if (existing.isEmpty()) {
                id = Statements.insert(connection, "INSERT INTO entities (user_id, name, name_norm, type, notes, updated_at,"
                                + " embedding) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id", user.value(), display, norm, type,
                        Notes.merge("", note), at.toEpochMilli(), EmbeddingCodec.encode(embedding));
            } else {
                Entity old = existing.get();
                id = old.id();
                Statements.update(connection, "UPDATE entities SET type = ?, notes = ?, updated_at = ?, embedding = ?"
                                + " WHERE user_id = ? AND id = ?", type == null ? old.type() : type,
                        Notes.merge(old.notes(), note), at.toEpochMilli(),
                        EmbeddingCodec.encode(embedding == null ? old.embedding() : embedding), user.value(), id);
            }
            return Statements.one(connection, "SELECT " + Rows.ENTITY + " FROM entities WHERE user_id = ? AND id = ?",
                    Rows::entity, user.value(), id).orElseThrow();
        });
    }

    /** {@inheritDoc} Its notes are then scrubbed off the disk, as an erase's are. */
    @Override
    public boolean deleteEntity(UserId user, long entityId) {
        requireNonNull(user, "user must not be null");
        boolean deleted = transactions.write("delete entity " + entityId + " of user " + user, connection -> {
            if (!users.bumpExisting(connection, user) || Statements.update(connection,
                    "DELETE FROM entities WHERE user_id = ? AND id = ?", user.value(), entityId) == 0) {
                return false;
            }
            scrubber.request(connection, List.of("entities"));
            return true;
        });
        if (deleted) {
            scrubber.afterDelete();
        }
        return deleted;
    }

    @Override
    public List<Entity> entities(UserId user) {
        requireNonNull(user, "user must not be null");
        return transactions.read("read the entities of user " + user, connection -> entities(connection, user));
    }

    /** {@inheritDoc} Read in one snapshot; facts include invalidated ones, each with its history. */
    @Override
    public MemoryExport export(UserId user, Instant now) {
        requireNonNull(user, "user must not be null");
        requireNonNull(now, "now must not be null");
        return transactions.snapshot("export the memory of user " + user, connection -> Exports.of(user, now,
                facts(connection, user, true),
                Statements.list(connection, "SELECT " + Rows.CHANGE + " FROM fact_history WHERE user_id = ?"
                        + " ORDER BY fact_id, id", Rows::change, user.value()),
                summaries(connection, user), entities(connection, user), turns(connection, user),
                JdbcMemoryFiles.files(connection, user)));
    }

    @Override
    public ImportCounts importMemory(UserId user, MemoryExport data, Function<String, float[]> embeddingOf) {
        requireNonNull(user, "user must not be null");
        requireNonNull(data, "data must not be null");
        requireNonNull(embeddingOf, "embeddingOf must not be null");
        return transactions.write("import memory into user " + user, connection -> {
            long now = clock.millis();
            users.bump(connection, user, now);
            return Imports.insert(connection, user, data, embeddingOf, now);
        });
    }

    @Override
    public Revisions revisions(UserId user) {
        requireNonNull(user, "user must not be null");
        return transactions.read("read the revisions of user " + user, connection ->
                Statements.one(connection, "SELECT revision, memory_revision FROM users WHERE user_id = ?",
                        row -> new Revisions(row.getLong(1), row.getLong(2)), user.value())
                        .orElse(new Revisions(0, 0)));
    }

    @Override
    public List<Turn> turnsChangedSince(UserId user, long since) {
        requireNonNull(user, "user must not be null");
        return transactions.read("read the turns of user " + user + " changed since revision " + since, connection ->
                Statements.list(connection, "SELECT " + Rows.TURN + " FROM turns WHERE user_id = ? AND revision > ? ORDER BY id",
                        Rows::turn, user.value(), since));
    }

    @Override
    public String pinEmbeddingModel(String model) {
        requireNonNull(model, "model must not be null");
        return transactions.write("record the embedding model", connection -> {
            Statements.update(connection, "INSERT INTO engram_meta (meta_key, meta_value) VALUES ('embedding_model', ?)"
                    + " ON CONFLICT (meta_key) DO NOTHING", model);
            return Statements.one(connection, "SELECT meta_value FROM engram_meta WHERE meta_key = 'embedding_model'",
                    row -> row.getString(1)).orElseThrow();
        });
    }

    /**
     * {@inheritDoc} That includes the user's pending and running jobs (a job still running elsewhere
     * can no longer write: see {@link JobQueue#runClaimed}) and the tenant mapping that names the
     * user, in the same transaction. Once it has committed, the deleted rows are scrubbed off the
     * disk: on SQLite every connection runs with {@code secure_delete}, so deleted content is
     * overwritten with zeros, and the write-ahead log is checkpointed and truncated; on PostgreSQL
     * the touched tables get a {@code VACUUM FULL}. A scrub that cannot finish now (a lock it could
     * not get) is recorded with the erase and tried again in the background until it succeeds, and
     * when the store next opens.
     */
    @Override
    public boolean erase(UserId user) {
        requireNonNull(user, "user must not be null");
        List<String> tables = List.of("fact_history", "facts", "turns", "summaries", "entities", "memory_files", "jobs",
                "tenant_users", "users");
        boolean existed = transactions.write("erase the memory of user " + user, connection -> {
            // Lock the user's row first, as every other write does, so erase cannot deadlock with them.
            if (!users.bumpExisting(connection, user)) {
                return false;
            }
            for (String table : tables) {
                Statements.update(connection, "DELETE FROM " + table + " WHERE user_id = ?", user.value());
            }
            scrubber.request(connection, tables);
            return true;
        });
        if (existed) {
            scrubber.afterDelete();
        }
        return existed;
    }

    @Override
    public List<UserId> users() {
        return transactions.read("list users", connection -> Statements.list(connection,
                "SELECT user_id FROM users ORDER BY user_id", row -> new UserId(row.getString(1))));
    }

    /** {@inheritDoc} 0 for a user with no stored memory; values are never reused, even after an erase. */
    @Override
    public long revision(UserId user) {
        requireNonNull(user, "user must not be null");
        return transactions.read("read the revision of user " + user, connection -> Statements.queryOptionalLong(
                connection, "SELECT revision FROM users WHERE user_id = ?", user.value()).orElse(0));
    }

    @Override
    public JobQueue jobs() {
        return jobs;
    }

    @Override
    public MemoryFileStore files() {
        return files;
    }

    /** Closes the connection pool. */
    @Override
    public void close() {
        scrubber.close();
        if (dataSource instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                throw new StoreException("could not close the database: " + e.getMessage(), e);
            }
        }
    }

    private static void addChange(Connection connection, UserId user, long factId, FactChange.Kind kind, String before,
                                  String after, long atMillis, Provenance source) throws SQLException {
        Statements.update(connection, "INSERT INTO fact_history (fact_id, user_id, kind, before_text, after_text, at,"
                        + " source_session, source_turn) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                factId, user.value(), kind.name(), before, after, atMillis, Rows.sessionOf(source), source.turnId());
    }

    private static Summary insertSummary(Connection connection, UserId user, SessionId session, String text,
                                         Instant at, float[] embedding) throws SQLException {
        long id = Statements.insert(connection, "INSERT INTO summaries (user_id, session_id, text, long_term, created_at,"
                        + " embedding) VALUES (?, ?, ?, ?, ?, ?) RETURNING id", user.value(),
                session == null ? null : session.value(), text, session == null, at.toEpochMilli(),
                EmbeddingCodec.encode(embedding));
        return new Summary(id, user, session, text, session == null, Instant.ofEpochMilli(at.toEpochMilli()), copy(embedding));
    }

    private static Optional<Fact> fact(Connection connection, UserId user, long factId) throws SQLException {
        return Statements.one(connection, "SELECT " + Rows.FACT + " FROM facts WHERE user_id = ? AND id = ?",
                Rows::fact, user.value(), factId);
    }

    private static List<Fact> facts(Connection connection, UserId user, boolean includeInvalid) throws SQLException {
        return Statements.list(connection, "SELECT " + Rows.FACT + " FROM facts WHERE user_id = ?"
                + (includeInvalid ? "" : " AND invalid_at IS NULL") + " ORDER BY id", Rows::fact, user.value());
    }

    private static List<Turn> turns(Connection connection, UserId user) throws SQLException {
        return Statements.list(connection, "SELECT " + Rows.TURN + " FROM turns WHERE user_id = ? ORDER BY at, id",
                Rows::turn, user.value());
    }

    private static List<Summary> summaries(Connection connection, UserId user) throws SQLException {
        return Statements.list(connection, "SELECT " + Rows.SUMMARY
                + " FROM summaries WHERE user_id = ? ORDER BY long_term DESC, created_at, id", Rows::summary, user.value());
    }

    private static List<Entity> entities(Connection connection, UserId user) throws SQLException {
        return Statements.list(connection, "SELECT " + Rows.ENTITY
                + " FROM entities WHERE user_id = ? ORDER BY name_norm, id", Rows::entity, user.value());
    }

    private static float[] copy(float[] embedding) {
        return embedding == null ? null : embedding.clone();
    }
}
