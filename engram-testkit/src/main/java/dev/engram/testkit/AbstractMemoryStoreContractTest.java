package dev.engram.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.engram.EngramException;
import dev.engram.memory.Entity;
import dev.engram.memory.Fact;
import dev.engram.memory.FactChange;
import dev.engram.memory.ForgottenFact;
import dev.engram.memory.Job;
import dev.engram.memory.JobQueue;
import dev.engram.memory.MemoryExport;
import dev.engram.memory.MemoryFile;
import dev.engram.memory.MemoryFilePath;
import dev.engram.memory.MemoryFileStore;
import dev.engram.memory.MemoryReader;
import dev.engram.memory.MemoryStore;
import dev.engram.memory.NewFact;
import dev.engram.memory.NewJob;
import dev.engram.memory.Provenance;
import dev.engram.memory.Role;
import dev.engram.memory.SessionId;
import dev.engram.memory.Summary;
import dev.engram.memory.Turn;
import dev.engram.memory.UserId;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@link MemoryStore} and {@link JobQueue} contract for stores over a SQL database, run against
 * a real database by each subclass (SQLite and PostgreSQL in engram-jdbc). Every test gets a fresh,
 * empty database. The tests of {@link FactMetadataContract} and {@link MemoryReaderContract} run
 * here too.
 */
public abstract class AbstractMemoryStoreContractTest implements FactMetadataContract, MemoryReaderContract {
    @Override
    public MemoryReader reader() {
        return store;
    }

    @Override
    public Turn writeTurn(UserId user, SessionId session, Role role, String text, Instant at, float[] embedding) {
        return store.appendTurn(user, session, role, text, at, embedding, List.of());
    }

    @Override
    public Fact writeFact(UserId user, NewFact fact) {
        return store.addFact(user, fact);
    }

    @Override
    public void invalidateFact(UserId user, long factId, Instant at) {
        store.invalidateFact(user, factId, at, Provenance.NONE);
    }

    protected static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    protected static final UserId ALICE = UserId.of("alice");
    protected static final UserId BOB = UserId.of("bob@example.com");
    protected static final SessionId S1 = new SessionId("s1");
    protected static final SessionId S2 = new SessionId("s2");
    protected static final NewJob EXTRACT = new NewJob("extract", "{\"turn\":1}");

    @TempDir
    protected Path tempDir;

    protected MutableClock clock;
    protected MemoryStore store;
    protected String url;

    /** Creates a fresh, empty database and returns its JDBC URL. */
    protected abstract String createDatabase(Path tempDir) throws Exception;

    /** Removes what {@link #createDatabase} made, if anything outlives the temp dir. */
    protected abstract void dropDatabase() throws Exception;

    /** A plain JDBC connection to the test database, outside the store. */
    protected abstract Connection connect() throws SQLException;

    /** Opens the store under test on {@code url}, migrating it; {@code home} is a private directory for its files. */
    protected abstract MemoryStore open(String url, Path home, Clock clock) throws Exception;

    @Override
    public MemoryStore store() {
        return store;
    }

    @BeforeEach
    void openStore() throws Exception {
        clock = new MutableClock(T0);
        url = createDatabase(tempDir);
        store = open(url, tempDir.resolve("home"), clock);
    }

    @AfterEach
    void closeStore() throws Exception {
        if (store != null) {
            store.close();
        }
        dropDatabase();
    }

    // ---- the recorded embedding model

    @Test
    void pinEmbeddingModel_newDatabase_recordsTheFirstModelAskedFor() {
        assertThat(store.pinEmbeddingModel("e5")).isEqualTo("e5");
        assertThat(store.pinEmbeddingModel("minilm")).isEqualTo("e5");
    }

    @Test
    void migration_vectorsStoredBeforeTheModelWasRecorded_areRecordedAsMiniLm() throws Exception {
        store.appendTurn(ALICE, S1, Role.USER, "I moved to Leeds", T0, new float[] {0.6f, 0.8f}, List.of());
        store.close();
        // Make the database look as it did before V5: vectors stored, no model recorded, no later migration run.
        try (Connection c = connect(); java.sql.Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM flyway_schema_history WHERE installed_rank >="
                    + " (SELECT installed_rank FROM flyway_schema_history WHERE version = '5')");
            st.executeUpdate("DROP TABLE scrub_requests"); // V7
            st.executeUpdate("DROP TABLE memory_files"); // V9
            st.executeUpdate("DROP INDEX facts_user_origin"); // V8
            st.executeUpdate("DROP INDEX facts_origin");
            if (!url.startsWith("jdbc:sqlite:")) {
                st.executeUpdate("ALTER TABLE facts DROP CONSTRAINT facts_attributes_object");
            }
            st.executeUpdate("ALTER TABLE facts DROP COLUMN origin_id");
        }
        store = open(url, tempDir.resolve("home"), clock);
        assertThat(store.pinEmbeddingModel("e5")).isEqualTo("minilm");
    }

    // ---- turns and the jobs they cause

    @Test
    void appendTurn_withJobs_storesTurnAndEnqueuesJobsTogether() {
        Turn turn = store.appendTurn(ALICE, S1, Role.USER, "I moved to Leeds", T0, null,
                List.of(EXTRACT, new NewJob("summarize", "{}")));

        assertThat(store.turns(ALICE)).extracting(Turn::id, Turn::text, Turn::role, Turn::at)
                .containsExactly(tuple(turn.id(), "I moved to Leeds", Role.USER, T0));
        List<Job> jobs = store.jobs().list(List.of(Job.Status.PENDING), 10);
        assertThat(jobs).extracting(Job::type).containsExactly("extract", "summarize");
        assertThat(jobs).allSatisfy(job -> {
            assertThat(job.userId()).isEqualTo(ALICE);
            assertThat(job.runAt()).isEqualTo(T0);
            assertThat(job.attempts()).isZero();
        });
        assertThat(store.users()).containsExactly(ALICE);
    }

    @Test
    void appendTurn_jobRejectedByDatabase_storesNeitherTurnNorJobs() {
        NewJob tooLongType = new NewJob("x".repeat(65), "{}");

        assertThatThrownBy(() -> store.appendTurn(ALICE, S1, Role.USER, "hello", T0, null, List.of(EXTRACT, tooLongType)))
                .isInstanceOf(EngramException.class)
                .hasMessageContaining("could not append a turn for user alice");

        assertThat(store.turns(ALICE)).isEmpty();
        assertThat(store.jobs().outstanding()).isZero();
        assertThat(store.users()).isEmpty();
        assertThat(store.revision(ALICE)).isZero();
    }

    @Test
    void appendTurn_badInput_throwsClearlyAndStoresNothing() {
        assertThatThrownBy(() -> store.appendTurn(ALICE, S1, Role.USER, null, T0, null, List.of()))
                .isInstanceOf(NullPointerException.class).hasMessage("text must not be null");
        assertThatThrownBy(() -> store.appendTurn(ALICE, S1, Role.USER, "hi", T0, null, List.of(new NewJob(" ", "{}"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("job type must not be blank");
        List<NewJob> withNull = new ArrayList<>();
        withNull.add(null);
        assertThatThrownBy(() -> store.appendTurn(ALICE, S1, Role.USER, "hi", T0, null, withNull))
                .isInstanceOf(NullPointerException.class).hasMessage("job must not be null");

        assertThat(store.turns(ALICE)).isEmpty();
        assertThat(store.jobs().outstanding()).isZero();
        assertThat(store.users()).isEmpty();
    }

    @Test
    void sessionTurns_returnsOnlyThatSessionOldestFirst() {
        store.appendTurn(ALICE, S1, Role.USER, "one", T0, null, List.of());
        store.appendTurn(ALICE, S2, Role.USER, "other session", T0.plusSeconds(1), null, List.of());
        store.appendTurn(ALICE, S1, Role.ASSISTANT, "two", T0.plusSeconds(2), null, List.of());

        assertThat(store.sessionTurns(ALICE, S1)).extracting(Turn::text).containsExactly("one", "two");
        assertThat(store.turns(ALICE)).extracting(Turn::text).containsExactly("one", "other session", "two");
    }

    @Test
    void embeddings_roundTripExactlyAndNullStaysNull() {
        float[] vector = {0.25f, -1.5f, Float.MIN_VALUE, Float.MAX_VALUE, -0.0f, 3.1415927f};
        Turn turn = store.appendTurn(ALICE, S1, Role.USER, "hi", T0, null, List.of());
        store.setTurnEmbedding(ALICE, turn.id(), vector);
        Fact fact = store.addFact(ALICE, new NewFact("Likes tea.", null, Provenance.NONE, 0.9, T0, vector));
        store.addSummary(ALICE, S1, "Talked about tea.", T0, vector);
        store.upsertEntity(ALICE, "Sam", "person", "brother", T0, vector);

        assertThat(store.turns(ALICE).get(0).embedding()).containsExactly(vector);
        assertThat(store.fact(ALICE, fact.id()).orElseThrow().embedding()).containsExactly(vector);
        assertThat(store.summaries(ALICE).get(0).embedding()).containsExactly(vector);
        assertThat(store.entities(ALICE).get(0).embedding()).containsExactly(vector);

        store.setTurnEmbedding(ALICE, turn.id(), null);
        assertThat(store.turns(ALICE).get(0).embedding()).isNull();
        assertThat(store.addFact(ALICE, new NewFact("Has a cat.", null, Provenance.NONE, 1, T0, null)).embedding()).isNull();
    }

    @Test
    void setTurnEmbedding_unknownTurn_throws() {
        Turn turn = store.appendTurn(ALICE, S1, Role.USER, "hi", T0, null, List.of());

        assertThatThrownBy(() -> store.setTurnEmbedding(ALICE, turn.id() + 1000, new float[] {1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has no turn");
        assertThatThrownBy(() -> store.setTurnEmbedding(BOB, turn.id(), new float[] {1}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.turns(ALICE).get(0).embedding()).isNull();
    }

    // ---- facts

    @Test
    void addFact_storesFactWithAddedHistory() {
        Provenance source = new Provenance(S1, 7L);
        clock.advance(Duration.ofMinutes(5));

        Fact fact = store.addFact(ALICE, new NewFact("Works as a nurse.", "job", source, 0.8, T0, null));

        assertThat(fact.statement()).isEqualTo("Works as a nurse.");
        assertThat(fact.key()).isEqualTo("job");
        assertThat(fact.subject()).isEqualTo("user");
        assertThat(fact.source()).isEqualTo(source);
        assertThat(fact.confidence()).isEqualTo(0.8);
        assertThat(fact.validFrom()).isEqualTo(T0);
        assertThat(fact.createdAt()).isEqualTo(clock.instant());
        assertThat(fact.valid()).isTrue();
        assertThat(store.fact(ALICE, fact.id())).contains(fact);
        assertThat(store.factHistory(ALICE, fact.id())).containsExactly(new FactChange(fact.id(), FactChange.Kind.ADDED,
                null, "Works as a nurse.", clock.instant(), source));
    }

    @Test
    void updateFact_newStatement_replacesAndKeepsHistory() {
        Fact fact = store.addFact(ALICE, new NewFact("Lives in York.", "location", Provenance.NONE, 1, T0, null));
        Provenance source = new Provenance(S2, 12L);
        Instant at = T0.plusSeconds(60);

        Fact updated = store.updateFact(ALICE, fact.id(), "Lives in Leeds.", null, new float[] {1, 2},
                FactChange.Kind.UPDATED, source, at).orElseThrow();
        store.updateFact(ALICE, fact.id(), "Lives in Leeds, UK.", "home", null, FactChange.Kind.EDITED, Provenance.NONE,
                at.plusSeconds(1));

        assertThat(updated.statement()).isEqualTo("Lives in Leeds.");
        assertThat(updated.key()).isEqualTo("location");
        assertThat(updated.updatedAt()).isEqualTo(at);
        assertThat(updated.source()).isEqualTo(source);
        assertThat(updated.embedding()).containsExactly(1, 2);
        Fact latest = store.fact(ALICE, fact.id()).orElseThrow();
        assertThat(latest.statement()).isEqualTo("Lives in Leeds, UK.");
        assertThat(latest.key()).isEqualTo("home");
        assertThat(latest.createdAt()).isEqualTo(fact.createdAt());
        assertThat(store.factHistory(ALICE, fact.id()))
                .extracting(FactChange::kind, FactChange::before, FactChange::after)
                .containsExactly(
                        tuple(FactChange.Kind.ADDED, null, "Lives in York."),
                        tuple(FactChange.Kind.UPDATED, "Lives in York.", "Lives in Leeds."),
                        tuple(FactChange.Kind.EDITED, "Lives in Leeds.", "Lives in Leeds, UK."));
        assertThat(store.factHistory(ALICE, fact.id()).get(1).source()).isEqualTo(source);
    }

    @Test
    void updateFact_badInput_throwsClearlyAndChangesNothing() {
        Fact fact = store.addFact(ALICE, new NewFact("Likes tea.", null, Provenance.NONE, 1, T0, null));
        long revision = store.revision(ALICE);

        assertThatThrownBy(() -> store.updateFact(ALICE, fact.id(), null, null, null, FactChange.Kind.UPDATED,
                Provenance.NONE, T0)).isInstanceOf(NullPointerException.class).hasMessage("statement must not be null");
        assertThatThrownBy(() -> store.updateFact(ALICE, fact.id(), "  ", null, null, FactChange.Kind.UPDATED,
                Provenance.NONE, T0)).isInstanceOf(IllegalArgumentException.class).hasMessage("a fact must not be empty");
        assertThatThrownBy(() -> store.updateFact(ALICE, fact.id(), "Likes coffee.", null, null, FactChange.Kind.ADDED,
                Provenance.NONE, T0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("UPDATED or EDITED");
        assertThatThrownBy(() -> store.addFact(ALICE, new NewFact(null, null, Provenance.NONE, 1, T0, null)))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("statement");

        assertThat(store.facts(ALICE, true)).containsExactly(fact);
        assertThat(store.factHistory(ALICE, fact.id())).hasSize(1);
        assertThat(store.revision(ALICE)).isEqualTo(revision);
    }

    @Test
    void updateFact_unknownFact_isEmpty() {
        store.addFact(ALICE, new NewFact("Likes tea.", null, Provenance.NONE, 1, T0, null));

        assertThat(store.updateFact(ALICE, 987_654, "x", null, null, FactChange.Kind.EDITED, Provenance.NONE, T0)).isEmpty();
        assertThat(store.updateFact(BOB, 987_654, "x", null, null, FactChange.Kind.EDITED, Provenance.NONE, T0)).isEmpty();
        assertThat(store.users()).containsExactly(ALICE);
    }

    @Test
    void invalidateFact_keepsFactWithInvalidAtAndHistory() {
        Fact fact = store.addFact(ALICE, new NewFact("Is a student.", "job", Provenance.NONE, 1, T0, null));
        Fact other = store.addFact(ALICE, new NewFact("Likes tea.", null, Provenance.NONE, 1, T0, null));
        Instant at = T0.plusSeconds(3600);

        Fact invalid = store.invalidateFact(ALICE, fact.id(), at, new Provenance(S2, 3L)).orElseThrow();

        assertThat(invalid.invalidAt()).isEqualTo(at);
        assertThat(invalid.valid()).isFalse();
        assertThat(store.fact(ALICE, fact.id())).contains(invalid);
        assertThat(store.facts(ALICE, false)).containsExactly(other);
        assertThat(store.facts(ALICE, true)).extracting(Fact::id).containsExactly(fact.id(), other.id());
        assertThat(store.factHistory(ALICE, fact.id())).extracting(FactChange::kind)
                .containsExactly(FactChange.Kind.ADDED, FactChange.Kind.INVALIDATED);
        assertThat(store.invalidateFact(ALICE, fact.id(), at.plusSeconds(1), Provenance.NONE)).contains(invalid);
        assertThat(store.invalidateFact(ALICE, 987_654, at, Provenance.NONE)).isEmpty();
    }

    @Test
    void forgetFact_removesFactAndItsHistoryForGood() throws SQLException {
        Fact fact = store.addFact(ALICE, new NewFact("Likes tea.", null, Provenance.NONE, 1, T0, null));
        store.updateFact(ALICE, fact.id(), "Likes green tea.", null, null, FactChange.Kind.EDITED, Provenance.NONE, T0);

        assertThat(store.forgetFact(ALICE, fact.id())).hasValueSatisfying(f -> {
            assertThat(f.fact().statement()).isEqualTo("Likes green tea.");
            assertThat(f.turnIds()).isEmpty();
        });

        assertThat(store.fact(ALICE, fact.id())).isEmpty();
        assertThat(store.factHistory(ALICE, fact.id())).isEmpty();
        assertThat(count("fact_history", ALICE)).isZero();
        assertThat(store.forgetFact(ALICE, fact.id())).isEmpty();
    }

    @Test
    void forgetFact_removesTheTurnsItAndItsHistoryCameFrom_withTheirReplies() {
        Turn said = store.appendTurn(ALICE, S1, Role.USER, "My bank PIN is 4921.", T0, new float[] {1, 0}, List.of());
        Turn echoed = store.appendTurn(ALICE, S1, Role.ASSISTANT, "Noted: 4921.", T0.plusSeconds(1), new float[] {0, 1}, List.of());
        Turn unrelated = store.appendTurn(ALICE, S1, Role.USER, "I like tea.", T0.plusSeconds(2), null, List.of());
        Turn unrelatedReply = store.appendTurn(ALICE, S1, Role.ASSISTANT, "Tea is nice.", T0.plusSeconds(3), null, List.of());
        Turn changed = store.appendTurn(ALICE, S2, Role.USER, "New PIN: 7710.", T0.plusSeconds(4), null, List.of());
        Fact pin = store.addFact(ALICE, new NewFact("Bank PIN is 4921.", null, new Provenance(S1, said.id()), 1, T0, null));
        store.updateFact(ALICE, pin.id(), "Bank PIN is 7710.", null, null, FactChange.Kind.UPDATED,
                new Provenance(S2, changed.id()), T0.plusSeconds(4));
        Fact tea = store.addFact(ALICE, new NewFact("Likes tea.", null, new Provenance(S1, unrelated.id()), 1, T0, null));
        Turn bobs = store.appendTurn(BOB, S1, Role.USER, "My PIN is 1111.", T0, null, List.of());
        long memoryRevision = store.revisions(ALICE).memory();

        ForgottenFact forgotten = store.forgetFact(ALICE, pin.id()).orElseThrow();

        assertThat(forgotten.turnIds()).containsExactlyInAnyOrder(said.id(), echoed.id(), changed.id());
        assertThat(store.turns(ALICE)).extracting(Turn::id).containsExactly(unrelated.id(), unrelatedReply.id());
        assertThat(store.turnsChangedSince(ALICE, 0)).extracting(Turn::text).doesNotContain("My bank PIN is 4921.");
        assertThat(store.export(ALICE, T0).toString()).doesNotContain("4921").doesNotContain("7710");
        assertThat(store.fact(ALICE, tea.id())).isPresent();
        assertThat(store.turns(BOB)).extracting(Turn::id).containsExactly(bobs.id());
        assertThat(store.revisions(ALICE).memory()).as("indexes must reload, not catch up").isNotEqualTo(memoryRevision);
    }

    @Test
    void forgetFact_ofAnotherUser_isEmptyAndRemovesNothing() {
        Turn said = store.appendTurn(BOB, S1, Role.USER, "My PIN is 1111.", T0, null, List.of());
        Fact bobs = store.addFact(BOB, new NewFact("PIN is 1111.", null, new Provenance(S1, said.id()), 1, T0, null));
        store.appendTurn(ALICE, S1, Role.USER, "hi", T0, null, List.of());

        assertThat(store.forgetFact(ALICE, bobs.id())).isEmpty();

        assertThat(store.fact(BOB, bobs.id())).isPresent();
        assertThat(store.turns(BOB)).hasSize(1);
    }

    @Test
    void deleteSummary_removesThatSummaryOnly() {
        Summary first = store.addSummary(ALICE, S1, "Talked about the bank.", T0, null);
        Summary second = store.addSummary(ALICE, S2, "Talked about tea.", T0, null);
        Summary bobs = store.addSummary(BOB, S1, "Bob talked.", T0, null);

        assertThat(store.deleteSummary(ALICE, bobs.id())).isFalse();
        assertThat(store.deleteSummary(ALICE, first.id())).isTrue();
        assertThat(store.deleteSummary(ALICE, first.id())).isFalse();

        assertThat(store.summaries(ALICE)).extracting(Summary::id).containsExactly(second.id());
        assertThat(store.summaries(BOB)).hasSize(1);
    }

    // ---- revision

    @Test
    void revision_changesOnEveryKindOfWriteAndNeverRepeats() {
        Set<Long> seen = new HashSet<>();
        assertThat(store.revision(ALICE)).isZero();
        Turn turn = store.appendTurn(ALICE, S1, Role.USER, "hi", T0, null, List.of());
        assertNewRevision(seen);
        store.setTurnEmbedding(ALICE, turn.id(), new float[] {1});
        assertNewRevision(seen);
        Fact fact = store.addFact(ALICE, new NewFact("Likes tea.", null, Provenance.NONE, 1, T0, null));
        assertNewRevision(seen);
        store.updateFact(ALICE, fact.id(), "Likes coffee.", null, null, FactChange.Kind.UPDATED, Provenance.NONE, T0);
        assertNewRevision(seen);
        store.invalidateFact(ALICE, fact.id(), T0, Provenance.NONE);
        assertNewRevision(seen);
        store.forgetFact(ALICE, fact.id());
        assertNewRevision(seen);
        Summary summary = store.addSummary(ALICE, S1, "hi", T0, null);
        assertNewRevision(seen);
        store.foldSummaries(ALICE, List.of(summary.id()), "long", T0, null);
        assertNewRevision(seen);
        Entity entity = store.upsertEntity(ALICE, "Sam", "person", "brother", T0, null);
        assertNewRevision(seen);
        store.deleteEntity(ALICE, entity.id());
        assertNewRevision(seen);
        MemoryFile file = store.files().create(ALICE, path("/memories/a.md"), "a", null).orElseThrow();
        assertNewRevision(seen);
        store.files().replace(ALICE, file.path(), file.version(), "b", null);
        assertNewRevision(seen);
        store.files().rename(ALICE, file.path(), path("/memories/b.md"));
        assertNewRevision(seen);
        store.files().delete(ALICE, path("/memories/b.md"));
        assertNewRevision(seen);
        store.erase(ALICE);
        assertThat(store.revision(ALICE)).isZero();
        store.appendTurn(ALICE, S1, Role.USER, "hi again", T0, null, List.of());
        assertNewRevision(seen);
    }

    private void assertNewRevision(Set<Long> seen) {
        long revision = store.revision(ALICE);
        assertThat(revision).isPositive();
        assertThat(seen.add(revision)).as("revision %d is new", revision).isTrue();
    }

    // ---- summaries

    @Test
    void summaries_longTermFirstThenSessionSummariesOldestFirst() {
        store.addSummary(ALICE, S2, "second", T0.plusSeconds(10), null);
        store.addSummary(ALICE, S1, "first", T0, null);
        Summary old = store.addSummary(ALICE, new SessionId("s0"), "oldest", T0.minusSeconds(10), null);
        store.foldSummaries(ALICE, List.of(old.id()), "long term", T0.plusSeconds(20), null);

        assertThat(store.summaries(ALICE)).extracting(Summary::text, Summary::longTerm).containsExactly(
                tuple("long term", true),
                tuple("first", false),
                tuple("second", false));
        assertThat(store.summaries(ALICE).get(0).session()).isNull();
        assertThat(store.summaries(ALICE).get(1).session()).isEqualTo(S1);
    }

    @Test
    void foldSummaries_replacesFoldedSessionsAndEarlierLongTerm() {
        Summary a = store.addSummary(ALICE, S1, "a", T0, null);
        Summary b = store.addSummary(ALICE, S2, "b", T0.plusSeconds(1), null);
        Summary c = store.addSummary(ALICE, new SessionId("s3"), "c", T0.plusSeconds(2), null);
        store.foldSummaries(ALICE, List.of(a.id()), "long: a", T0.plusSeconds(3), null);

        Summary folded = store.foldSummaries(ALICE, List.of(b.id()), "long: a b", T0.plusSeconds(4), new float[] {1});

        assertThat(folded.longTerm()).isTrue();
        assertThat(folded.session()).isNull();
        assertThat(store.summaries(ALICE)).extracting(Summary::id).containsExactly(folded.id(), c.id());
        assertThat(store.summaries(ALICE).get(0).text()).isEqualTo("long: a b");
    }

    @Test
    void foldSummaries_idNotASessionSummaryOfTheUser_throwsAndChangesNothing() {
        Summary mine = store.addSummary(ALICE, S1, "mine", T0, null);
        Summary bobs = store.addSummary(BOB, S1, "bob's", T0, null);

        assertThatThrownBy(() -> store.foldSummaries(ALICE, List.of(mine.id(), bobs.id()), "long", T0, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("summary " + bobs.id() + " is not a session summary of user alice");

        assertThat(store.summaries(ALICE)).containsExactly(mine);
        assertThat(store.summaries(BOB)).containsExactly(bobs);
    }

    // ---- entities

    @Test
    void upsertEntity_sameNameInAnyCase_mergesNotesOncePerLine() {
        Entity first = store.upsertEntity(ALICE, "Sam", "person", "brother", T0, null);
        store.upsertEntity(ALICE, "sam", null, "lives in Oslo", T0.plusSeconds(1), new float[] {1});
        Entity merged = store.upsertEntity(ALICE, " SAM ", null, "Brother", T0.plusSeconds(2), null);

        assertThat(merged.id()).isEqualTo(first.id());
        assertThat(merged.name()).isEqualTo("Sam");
        assertThat(merged.type()).isEqualTo("person");
        assertThat(merged.notes()).isEqualTo("brother\nlives in Oslo");
        assertThat(merged.updatedAt()).isEqualTo(T0.plusSeconds(2));
        assertThat(merged.embedding()).containsExactly(1);
        assertThat(store.entities(ALICE)).singleElement()
                .satisfies(stored -> assertThat(stored.notes()).isEqualTo("brother\nlives in Oslo"));
    }

    @Test
    void entities_sortedByNameAndDeletable() {
        Entity zoe = store.upsertEntity(ALICE, "Zoe", "person", null, T0, null);
        Entity acme = store.upsertEntity(ALICE, "acme", "company", "employer", T0, null);

        assertThat(store.entities(ALICE)).extracting(Entity::id).containsExactly(acme.id(), zoe.id());
        assertThat(zoe.notes()).isEmpty();
        assertThat(store.deleteEntity(ALICE, zoe.id())).isTrue();
        assertThat(store.deleteEntity(ALICE, zoe.id())).isFalse();
        assertThat(store.entities(ALICE)).extracting(Entity::name).containsExactly("acme");
        assertThatThrownBy(() -> store.upsertEntity(ALICE, " ", null, null, T0, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("an entity name must not be blank");
    }

    // ---- isolation, export, erase

    @Test
    void everyRead_seesOnlyItsOwnUsersRows() {
        Fields alice = fill(ALICE);
        Fields bob = fill(BOB);

        assertThat(store.turns(ALICE)).extracting(Turn::userId).containsOnly(ALICE).hasSize(2);
        assertThat(store.sessionTurns(ALICE, S1)).extracting(Turn::userId).containsOnly(ALICE).hasSize(2);
        assertThat(store.facts(ALICE, true)).extracting(Fact::userId).containsOnly(ALICE).hasSize(1);
        assertThat(store.summaries(ALICE)).extracting(Summary::userId).containsOnly(ALICE).hasSize(1);
        assertThat(store.entities(ALICE)).extracting(Entity::userId).containsOnly(ALICE).hasSize(1);
        assertThat(store.fact(ALICE, bob.factId())).isEmpty();
        assertThat(store.factHistory(ALICE, bob.factId())).isEmpty();
        assertThat(store.export(ALICE, T0).facts()).extracting(MemoryExport.ExportedFact::id).containsExactly(alice.factId());
        assertThat(store.export(ALICE, T0).turns()).extracting(MemoryExport.ExportedTurn::text)
                .containsOnly("alice says hi", "reply to alice");
        assertThat(store.revision(ALICE)).isNotEqualTo(store.revision(BOB));
        assertThat(store.users()).containsExactly(ALICE, BOB);

        // Writes naming another user's row find nothing and leave it alone.
        assertThat(store.updateFact(ALICE, bob.factId(), "hacked", null, null, FactChange.Kind.EDITED, Provenance.NONE, T0))
                .isEmpty();
        assertThat(store.invalidateFact(ALICE, bob.factId(), T0, Provenance.NONE)).isEmpty();
        assertThat(store.forgetFact(ALICE, bob.factId())).isEmpty();
        assertThat(store.deleteSummary(ALICE, store.summaries(BOB).get(0).id())).isFalse();
        assertThat(store.deleteEntity(ALICE, bob.entityId())).isFalse();
        assertThatThrownBy(() -> store.setTurnEmbedding(ALICE, bob.turnId(), new float[] {1}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.fact(BOB, bob.factId()).orElseThrow().statement()).isEqualTo("bob@example.com likes tea.");
        assertThat(store.fact(BOB, bob.factId()).orElseThrow().valid()).isTrue();
        assertThat(store.entities(BOB)).hasSize(1);
        assertThat(store.turns(BOB)).allSatisfy(turn -> assertThat(turn.embedding()).isNull());
    }

    @Test
    void export_containsFactsWithHistorySummariesEntitiesAndTurns() {
        Turn turn = store.appendTurn(ALICE, S1, Role.USER, "I moved to Leeds", T0, new float[] {1}, List.of());
        Fact fact = store.addFact(ALICE, new NewFact("Lives in York.", "location", new Provenance(S1, turn.id()), 0.7, T0, null));
        store.updateFact(ALICE, fact.id(), "Lives in Leeds.", null, null, FactChange.Kind.UPDATED,
                new Provenance(S1, turn.id()), T0.plusSeconds(1));
        Fact old = store.addFact(ALICE, new NewFact("Is a student.", null, Provenance.NONE, 1, T0, null));
        store.invalidateFact(ALICE, old.id(), T0.plusSeconds(2), Provenance.NONE);
        store.addSummary(ALICE, S1, "Moved house.", T0, null);
        store.upsertEntity(ALICE, "Sam", "person", "brother", T0, null);
        Instant now = T0.plusSeconds(100);

        MemoryExport export = store.export(ALICE, now);

        assertThat(export.formatVersion()).isEqualTo(MemoryExport.FORMAT_VERSION);
        assertThat(export.userId()).isEqualTo("alice");
        assertThat(export.exportedAt()).isEqualTo(now);
        assertThat(export.facts()).hasSize(2);
        MemoryExport.ExportedFact leeds = export.facts().get(0);
        assertThat(leeds.statement()).isEqualTo("Lives in Leeds.");
        assertThat(leeds.key()).isEqualTo("location");
        assertThat(leeds.sourceSession()).isEqualTo("s1");
        assertThat(leeds.sourceTurn()).isEqualTo(turn.id());
        assertThat(leeds.history()).extracting(MemoryExport.ExportedChange::kind).containsExactly("ADDED", "UPDATED");
        assertThat(leeds.history().get(1).before()).isEqualTo("Lives in York.");
        assertThat(export.facts().get(1).invalidAt()).isEqualTo(T0.plusSeconds(2));
        assertThat(export.facts().get(1).history()).extracting(MemoryExport.ExportedChange::kind)
                .containsExactly("ADDED", "INVALIDATED");
        assertThat(export.summaries()).containsExactly(new MemoryExport.ExportedSummary("s1", "Moved house.", false, T0));
        assertThat(export.entities()).containsExactly(new MemoryExport.ExportedEntity("Sam", "person", "brother", T0));
        assertThat(export.turns()).containsExactly(new MemoryExport.ExportedTurn(turn.id(), "s1", "USER", "I moved to Leeds", T0));
    }

    @Test
    void importMemory_ofAnExport_keepsEachFactsSourceTurn() {
        store.appendTurn(ALICE, S1, Role.USER, "hello", T0, null, List.of());
        Turn turn = store.appendTurn(ALICE, S1, Role.USER, "I moved to Leeds", T0.plusSeconds(1), null, List.of());
        Fact fact = store.addFact(ALICE, new NewFact("Lives in York.", "location", new Provenance(S1, turn.id()), 1, T0, null));
        store.updateFact(ALICE, fact.id(), "Lives in Leeds.", null, null, FactChange.Kind.UPDATED,
                new Provenance(S1, turn.id()), T0.plusSeconds(2));
        store.appendTurn(BOB, S2, Role.USER, "Bob's own turn moves the ids along", T0, null, List.of());

        store.importMemory(BOB, store.export(ALICE, T0), text -> null);

        Turn bobsCopy = store.turns(BOB).stream().filter(t -> t.text().equals("I moved to Leeds")).findFirst().orElseThrow();
        assertThat(bobsCopy.id()).isNotEqualTo(turn.id());
        Fact imported = store.facts(BOB, true).get(0);
        assertThat(imported.source()).isEqualTo(new Provenance(S1, bobsCopy.id()));
        assertThat(store.factHistory(BOB, imported.id())).extracting(c -> c.source().turnId())
                .containsExactly(bobsCopy.id(), bobsCopy.id());
    }

    @Test
    void revisions_turnWritesKeepTheMemoryRevision_otherWritesChangeIt() {
        assertThat(store.revisions(ALICE)).isEqualTo(new dev.engram.memory.Revisions(0, 0));
        Turn first = store.appendTurn(ALICE, S1, Role.USER, "hi", T0, null, List.of());
        var r1 = store.revisions(ALICE);
        assertThat(r1.all()).isPositive().isEqualTo(store.revision(ALICE));
        assertThat(r1.memory()).as("a new user counts as a memory change").isEqualTo(r1.all());

        Turn second = store.appendTurn(ALICE, S1, Role.ASSISTANT, "hello", T0.plusSeconds(1), null, List.of());
        var r2 = store.revisions(ALICE);
        assertThat(r2.all()).isGreaterThan(r1.all());
        assertThat(r2.memory()).isEqualTo(r1.memory());
        assertThat(store.turnsChangedSince(ALICE, r1.all())).extracting(Turn::id).containsExactly(second.id());

        store.setTurnEmbedding(ALICE, first.id(), new float[] {1f, 0f});
        var r3 = store.revisions(ALICE);
        assertThat(r3.memory()).isEqualTo(r1.memory());
        assertThat(store.turnsChangedSince(ALICE, r2.all())).singleElement().satisfies(t -> {
            assertThat(t.id()).isEqualTo(first.id());
            assertThat(t.embedding()).containsExactly(1f, 0f);
        });
        assertThat(store.turnsChangedSince(ALICE, 0)).hasSize(2);
        assertThat(store.turnsChangedSince(BOB, 0)).isEmpty();

        store.addFact(ALICE, new NewFact("Likes tea.", null, Provenance.NONE, 1, T0, null));
        var r4 = store.revisions(ALICE);
        assertThat(r4.memory()).isEqualTo(r4.all()).isGreaterThan(r3.all());

        store.erase(ALICE);
        assertThat(store.revisions(ALICE)).isEqualTo(new dev.engram.memory.Revisions(0, 0));
    }

    @Test
    void importMemory_twice_addsNothingTheSecondTime_andMergesLongTermSummaries() {
        store.foldSummaries(ALICE, List.of(), "Older: talked about gardening.", T0, null);
        MemoryExport data = new MemoryExport(MemoryExport.FORMAT_VERSION, "alice", T0,
                List.of(new MemoryExport.ExportedFact(0, "Likes tea.", null, "user", "s1", null, 1, T0, T0, T0, null, List.of())),
                List.of(new MemoryExport.ExportedSummary("s1", "Talked about tea.", false, T0),
                        new MemoryExport.ExportedSummary(null, "Long ago: talked about chess.", true, T0)),
                List.of(new MemoryExport.ExportedEntity("Sam", "person", "brother", T0)),
                List.of(new MemoryExport.ExportedTurn(null, "s1", "USER", "I like tea", T0)));

        assertThat(store.importMemory(ALICE, data, text -> null)).isEqualTo(new dev.engram.memory.ImportCounts(1, 2, 1, 1));
        assertThat(store.importMemory(ALICE, data, text -> null)).isEqualTo(new dev.engram.memory.ImportCounts(0, 0, 1, 0));

        assertThat(store.facts(ALICE, true)).extracting(Fact::statement).containsExactly("Likes tea.");
        assertThat(store.turns(ALICE)).hasSize(1);
        assertThat(store.entities(ALICE)).singleElement().satisfies(e -> assertThat(e.notes()).isEqualTo("brother"));
        assertThat(store.summaries(ALICE)).extracting(Summary::text)
                .containsExactly("Older: talked about gardening.\nLong ago: talked about chess.", "Talked about tea.");
        assertThat(store.facts(BOB, true)).isEmpty();
    }

    @Test
    void erase_leavesNoRowOfTheUserInAnyTableAndKeepsOtherUsers() throws SQLException {
        fill(ALICE);
        fill(BOB);
        store.jobs().enqueue(ALICE, new NewJob("summarize", "{}"), T0);
        store.jobs().claim("w1", T0, T0.plusSeconds(60));
        mapToTenant(ALICE, "alice-at-acme");
        mapToTenant(BOB, "bob-at-acme");
        List<String> tables = tablesWithUserId();
        assertThat(tables).contains("users", "turns", "facts", "fact_history", "summaries", "entities", "jobs", "tenant_users");
        for (String table : tables) {
            assertThat(count(table, ALICE)).as("alice's rows in %s before erase", table).isPositive();
        }

        assertThat(store.erase(ALICE)).isTrue();

        for (String table : tables) {
            assertThat(count(table, ALICE)).as("alice's rows in %s", table).isZero();
            assertThat(count(table, BOB)).as("bob's rows in %s", table).isPositive();
        }
        assertThat(store.users()).containsExactly(BOB);
        assertThat(store.erase(ALICE)).isFalse();
        assertThat(store.turns(BOB)).hasSize(2);
    }

    /** Makes {@code user} the internal user of an API tenant's {@code externalId}, as the server's tenant store does. */
    private void mapToTenant(UserId user, String externalId) throws SQLException {
        try (Connection c = connect()) {
            try (var insert = c.prepareStatement("INSERT INTO tenants (name, created_at) VALUES ('acme', 0) ON CONFLICT (name) DO NOTHING")) {
                insert.executeUpdate();
            }
            try (var insert = c.prepareStatement("INSERT INTO tenant_users (tenant_id, external_id, user_id, created_at)"
                    + " SELECT id, ?, ?, 0 FROM tenants WHERE name = 'acme'")) {
                insert.setString(1, externalId);
                insert.setString(2, user.value());
                insert.executeUpdate();
            }
        }
    }

    /** Ids of one user's rows made by {@link #fill}. */
    record Fields(long turnId, long factId, long entityId) {}

    private Fields fill(UserId user) {
        Turn turn = store.appendTurn(user, S1, Role.USER, user + " says hi", T0, null, List.of(EXTRACT));
        store.appendTurn(user, S1, Role.ASSISTANT, "reply to " + user, T0.plusSeconds(1), null, List.of());
        Fact fact = store.addFact(user, new NewFact(user + " likes tea.", null, new Provenance(S1, turn.id()), 1, T0, null));
        store.addSummary(user, S1, "summary of " + user, T0, null);
        Entity entity = store.upsertEntity(user, "Friend of " + user, "person", "a friend", T0, null);
        store.files().create(user, path("/memories/about-" + user + ".md"), user + " keeps notes", null);
        return new Fields(turn.id(), fact.id(), entity.id());
    }

    // ---- the files of Claude's memory tool

    static MemoryFilePath path(String raw) {
        return MemoryFilePath.parse(raw);
    }

    @Test
    void memoryFiles_createReplaceRenameDelete_keepIdsAndCountVersions() {
        MemoryFileStore files = store.files();
        MemoryFile tea = files.create(ALICE, path("/memories/notes/tea.md"), "green tea\n", new float[] {0.6f, 0.8f}).orElseThrow();
        files.create(ALICE, path("/memories/notes/cats.md"), "two cats", null).orElseThrow();
        files.create(ALICE, path("/memories/todo.md"), "call Sam", null).orElseThrow();

        assertThat(tea.version()).isEqualTo(1);
        assertThat(tea.createdAt()).isEqualTo(T0);
        assertThat(files.create(ALICE, path("/memories/notes/tea.md"), "other", null)).as("create on an existing file").isEmpty();
        assertThat(files.file(ALICE, tea.path()).orElseThrow().content()).isEqualTo("green tea\n");
        assertThat(files.file(ALICE, tea.path()).orElseThrow().embedding()).containsExactly(0.6f, 0.8f);
        assertThat(files.files(ALICE)).extracting(f -> f.path().value())
                .containsExactly("/memories/notes/cats.md", "/memories/notes/tea.md", "/memories/todo.md");
        assertThat(files.file(ALICE, path("/memories/notes"))).as("a directory is not a file").isEmpty();

        clock.advance(Duration.ofMinutes(1));
        MemoryFile jasmine = files.replace(ALICE, tea.path(), 1, "jasmine tea\n", null).orElseThrow();
        assertThat(jasmine.version()).isEqualTo(2);
        assertThat(jasmine.updatedAt()).isEqualTo(T0.plus(Duration.ofMinutes(1)));
        assertThat(files.replace(ALICE, tea.path(), 1, "stale edit", null)).as("an edit of version 1 after version 2").isEmpty();
        assertThat(files.replace(ALICE, path("/memories/none.md"), 1, "x", null)).isEmpty();
        assertThat(files.file(ALICE, tea.path()).orElseThrow().content()).isEqualTo("jasmine tea\n");

        assertThat(files.rename(ALICE, path("/memories/notes"), path("/memories/likes/drinks"))).isEqualTo(2);
        MemoryFile moved = files.file(ALICE, path("/memories/likes/drinks/tea.md")).orElseThrow();
        assertThat(moved.id()).isEqualTo(tea.id());
        assertThat(moved.content()).isEqualTo("jasmine tea\n");
        assertThat(files.rename(ALICE, path("/memories/nothing"), path("/memories/else"))).isZero();

        assertThat(files.delete(ALICE, path("/memories/likes"))).isEqualTo(2);
        assertThat(files.delete(ALICE, path("/memories/likes"))).isZero();
        assertThat(files.files(ALICE)).extracting(f -> f.path().value()).containsExactly("/memories/todo.md");
    }

    @Test
    void memoryFiles_fileAndDirectoryConflicts_throwClearlyAndChangeNothing() {
        MemoryFileStore files = store.files();
        files.create(ALICE, path("/memories/notes.md"), "a file", null).orElseThrow();
        files.create(ALICE, path("/memories/dir/inner.md"), "in a directory", null).orElseThrow();
        long revision = store.revision(ALICE);

        assertThatThrownBy(() -> files.create(ALICE, path("/memories/notes.md/under.md"), "x", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/memories/notes.md is a file");
        assertThatThrownBy(() -> files.create(ALICE, path("/memories/dir"), "x", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/memories/dir is a directory");
        assertThatThrownBy(() -> files.create(ALICE, MemoryFilePath.root(), "x", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("memory directory");
        assertThatThrownBy(() -> files.rename(ALICE, path("/memories/notes.md"), path("/memories/dir")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("The destination /memories/dir already exists");
        assertThatThrownBy(() -> files.rename(ALICE, path("/memories/dir"), path("/memories/dir/deeper")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("into itself");
        assertThatThrownBy(() -> files.rename(ALICE, path("/memories/dir"), path("/memories/notes.md/dir")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/memories/notes.md is a file");
        assertThatThrownBy(() -> files.delete(ALICE, MemoryFilePath.root()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("Cannot delete the /memories directory itself");

        assertThat(store.revision(ALICE)).isEqualTo(revision);
        assertThat(files.files(ALICE)).extracting(f -> f.path().value() + "=" + f.content())
                .containsExactly("/memories/dir/inner.md=in a directory", "/memories/notes.md=a file");
    }

    @Test
    void memoryFiles_aDirectoryMatchesByPrefixOnly_wildcardCharactersAreLiteral() {
        MemoryFileStore files = store.files();
        files.create(ALICE, path("/memories/a_/x.md"), "under a_", null).orElseThrow();
        files.create(ALICE, path("/memories/ab/y.md"), "under ab", null).orElseThrow();
        files.create(ALICE, path("/memories/a%/z.md"), "under a%", null).orElseThrow();
        files.create(ALICE, path("/memories/a_b.md"), "beside a_", null).orElseThrow();

        assertThat(files.delete(ALICE, path("/memories/a_"))).isEqualTo(1);
        assertThat(files.rename(ALICE, path("/memories/a%"), path("/memories/c"))).isEqualTo(1);

        assertThat(files.files(ALICE)).extracting(f -> f.path().value())
                .containsExactly("/memories/a_b.md", "/memories/ab/y.md", "/memories/c/z.md");
    }

    @Test
    void memoryFiles_areScopedToTheirUser() {
        store.files().create(BOB, path("/memories/bob.md"), "bob's", null).orElseThrow();
        MemoryFile alices = store.files().create(ALICE, path("/memories/bob.md"), "alice's", null).orElseThrow();

        assertThat(store.files().files(ALICE)).containsExactly(alices);
        assertThat(store.files().delete(ALICE, path("/memories/bob.md"))).isEqualTo(1);
        assertThat(store.files().rename(ALICE, path("/memories/bob.md"), path("/memories/mine.md"))).isZero();
        assertThat(store.files().replace(ALICE, path("/memories/bob.md"), 1, "x", null)).isEmpty();
        assertThat(store.files().files(BOB)).singleElement().satisfies(f -> assertThat(f.content()).isEqualTo("bob's"));
        assertThat(store.files().files(UserId.of("carol"))).isEmpty();
    }

    @Test
    void memoryFiles_exportAndImport_roundTripAndRefuseOtherContentAtAPath() {
        store.files().create(ALICE, path("/memories/tea.md"), "jasmine", null).orElseThrow();
        store.files().create(ALICE, path("/memories/people/sam.md"), "brother", null).orElseThrow();
        MemoryExport export = store.export(ALICE, T0);
        assertThat(export.files()).containsExactly(
                new MemoryExport.ExportedFile("/memories/people/sam.md", "brother", T0, T0),
                new MemoryExport.ExportedFile("/memories/tea.md", "jasmine", T0, T0));

        assertThat(store.importMemory(BOB, export, text -> null).files()).isEqualTo(2);
        assertThat(store.importMemory(BOB, export, text -> null).files()).as("importing twice adds nothing").isZero();
        assertThat(store.files().files(BOB)).extracting(MemoryFile::content).containsExactly("brother", "jasmine");

        store.files().replace(BOB, path("/memories/tea.md"), 1, "green", null).orElseThrow();
        MemoryExport conflicting = new MemoryExport(MemoryExport.FORMAT_VERSION, "alice", T0,
                List.of(new MemoryExport.ExportedFact(0, "Likes chess.", null, "user", null, null, 1, T0, T0, T0, null, List.of())),
                List.of(), List.of(), List.of(), export.files());
        assertThatThrownBy(() -> store.importMemory(BOB, conflicting, text -> null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/memories/tea.md with other content");
        assertThat(store.files().file(BOB, path("/memories/tea.md")).orElseThrow().content()).isEqualTo("green");
        assertThat(store.facts(BOB, true)).as("the refused import added nothing").isEmpty();
    }

    // ---- the job queue

    @Test
    void claim_takesOldestDueJobAndLeasesIt() {
        JobQueue jobs = store.jobs();
        Job later = jobs.enqueue(ALICE, new NewJob("b", "{}"), T0.plusSeconds(10));
        Job first = jobs.enqueue(BOB, new NewJob("a", "{}"), T0);
        jobs.enqueue(BOB, new NewJob("future", "{}"), T0.plusSeconds(3600));

        Job claimed = jobs.claim("w1", T0.plusSeconds(20), T0.plusSeconds(80)).orElseThrow();
        Job second = jobs.claim("w2", T0.plusSeconds(20), T0.plusSeconds(80)).orElseThrow();

        assertThat(claimed.id()).isEqualTo(first.id());
        assertThat(claimed.status()).isEqualTo(Job.Status.RUNNING);
        assertThat(claimed.attempts()).isEqualTo(1);
        assertThat(second.id()).isEqualTo(later.id());
        assertThat(jobs.claim("w3", T0.plusSeconds(20), T0.plusSeconds(80))).isEmpty();
        assertThat(jobs.outstanding()).isEqualTo(3);
    }

    @Test
    void claim_userWithARunningJob_getsNoSecondOneUntilItEnds() {
        JobQueue jobs = store.jobs();
        Job a1 = jobs.enqueue(ALICE, new NewJob("a1", "{}"), T0);
        Job a2 = jobs.enqueue(ALICE, new NewJob("a2", "{}"), T0);
        Job b1 = jobs.enqueue(BOB, new NewJob("b1", "{}"), T0.plusSeconds(1));

        Job claimedA1 = jobs.claim("w1", T0.plusSeconds(5), T0.plusSeconds(60)).orElseThrow();
        assertThat(claimedA1.id()).isEqualTo(a1.id());
        assertThat(jobs.claim("w2", T0.plusSeconds(5), T0.plusSeconds(60))).map(Job::id).contains(b1.id());
        assertThat(jobs.claim("w3", T0.plusSeconds(5), T0.plusSeconds(60))).isEmpty();

        assertThat(jobs.complete(claimedA1)).isTrue();

        assertThat(jobs.claim("w3", T0.plusSeconds(6), T0.plusSeconds(60))).map(Job::id).contains(a2.id());
        assertThat(jobs.list(List.of(Job.Status.DONE), 10)).extracting(Job::id).containsExactly(a1.id());
    }

    @Test
    void claim_expiredLease_isClaimedAgainWithAnotherAttempt() {
        JobQueue jobs = store.jobs();
        Job job = jobs.enqueue(ALICE, EXTRACT, T0);
        jobs.claim("crashed", T0, T0.plusSeconds(30));

        assertThat(jobs.claim("w2", T0.plusSeconds(30), T0.plusSeconds(90))).isEmpty();
        Job again = jobs.claim("w2", T0.plusSeconds(31), T0.plusSeconds(90)).orElseThrow();

        assertThat(again.id()).isEqualTo(job.id());
        assertThat(again.attempts()).isEqualTo(2);
        assertThat(again.status()).isEqualTo(Job.Status.RUNNING);
    }

    @Test
    void fail_withRetryAt_makesThePendingJobDueAgainThen() {
        JobQueue jobs = store.jobs();
        jobs.enqueue(ALICE, EXTRACT, T0);
        Job claimed = jobs.claim("w1", T0, T0.plusSeconds(30)).orElseThrow();

        assertThat(jobs.fail(claimed, "model overloaded", T0.plusSeconds(120))).isTrue();

        Job pending = jobs.list(List.of(Job.Status.PENDING), 10).get(0);
        assertThat(pending.lastError()).isEqualTo("model overloaded");
        assertThat(pending.runAt()).isEqualTo(T0.plusSeconds(120));
        assertThat(jobs.claim("w1", T0.plusSeconds(119), T0.plusSeconds(200))).isEmpty();
        assertThat(jobs.claim("w1", T0.plusSeconds(120), T0.plusSeconds(200))).map(Job::attempts).contains(2);
    }

    @Test
    void fail_withoutRetry_deadLettersKeepingTheErrorUntilRetried() {
        JobQueue jobs = store.jobs();
        Job job = jobs.enqueue(ALICE, EXTRACT, T0);
        Job claimed = jobs.claim("w1", T0, T0.plusSeconds(30)).orElseThrow();

        assertThat(jobs.fail(claimed, "malformed output", null)).isTrue();

        Job dead = jobs.list(List.of(Job.Status.DEAD), 10).get(0);
        assertThat(dead.id()).isEqualTo(job.id());
        assertThat(dead.lastError()).isEqualTo("malformed output");
        assertThat(jobs.outstanding()).isZero();
        assertThat(jobs.claim("w1", T0.plusSeconds(1000), T0.plusSeconds(2000))).isEmpty();

        assertThat(jobs.retry(job.id(), T0.plusSeconds(1000))).isTrue();
        assertThat(jobs.retry(job.id(), T0.plusSeconds(1000))).isFalse();
        Job retried = jobs.claim("w1", T0.plusSeconds(1000), T0.plusSeconds(2000)).orElseThrow();
        assertThat(retried.id()).isEqualTo(job.id());
        assertThat(retried.attempts()).isEqualTo(1);
    }

    @Test
    void jobOperations_unknownOrUnclaimedJob_changeNothing() {
        Job pending = store.jobs().enqueue(ALICE, EXTRACT, T0);
        Job unknown = new Job(424_242, ALICE, "extract", "{}", Job.Status.RUNNING, 1, T0, null, T0);

        assertThat(store.jobs().complete(unknown)).isFalse();
        assertThat(store.jobs().fail(unknown, "boom", null)).isFalse();
        assertThat(store.jobs().complete(pending)).isFalse();
        assertThat(store.jobs().retry(424_242, T0)).isFalse();
        assertThat(store.jobs().list(List.of(), 10)).isEmpty();
        assertThat(store.jobs().list(List.of(Job.Status.PENDING), 10)).extracting(Job::id).containsExactly(pending.id());
    }

    // ---- claims lost while a job runs

    @Test
    void runClaimed_userErasedMeanwhile_refusesTheJobsWritesAndTheUserStaysErased() throws Exception {
        Turn turn = store.appendTurn(ALICE, S1, Role.USER, "I live in Oslo", T0, null, List.of(EXTRACT));
        Job job = store.jobs().claim("w1", T0, T0.plusSeconds(60)).orElseThrow();
        JobQueue jobs = store.jobs();

        List<Runnable> writes = List.of(
                () -> store.addFact(ALICE, new NewFact("Lives in Oslo", "location", new Provenance(S1, turn.id()), 0.9, T0, null)),
                () -> store.upsertEntity(ALICE, "Oslo", "place", "where the user lives", T0, null),
                () -> store.addSummary(ALICE, S1, "Talked about Oslo.", T0, null),
                () -> store.foldSummaries(ALICE, List.of(), "Lives in Oslo.", T0, null),
                () -> store.jobs().enqueue(ALICE, EXTRACT, T0),
                () -> store.setTurnEmbedding(ALICE, turn.id(), new float[] {1f}));
        jobs.runClaimed(job, () -> {
            // The erase comes from another thread, as a DELETE request would, while the job runs.
            runOnOtherThread(() -> assertThat(store.erase(ALICE)).isTrue());
            for (Runnable write : writes) {
                assertThatThrownBy(write::run).isInstanceOf(JobQueue.ClaimLostException.class)
                        .hasMessageContaining("memory job " + job.id());
            }
            return null;
        });

        assertThat(jobs.complete(job)).isFalse();
        assertThat(jobs.fail(job, "late", null)).isFalse();
        for (String table : tablesWithUserId()) {
            assertThat(count(table, ALICE)).as("alice's rows in %s", table).isZero();
        }
        assertThat(store.users()).isEmpty();
    }

    @Test
    void runClaimed_jobClaimedAgainAfterItsLeaseRanOut_refusesTheStaleWorkersWrites() {
        store.appendTurn(ALICE, S1, Role.USER, "hi", T0, null, List.of(EXTRACT));
        JobQueue jobs = store.jobs();
        Job stale = jobs.claim("slow", T0, T0.plusSeconds(30)).orElseThrow();
        Job fresh = jobs.claim("w2", T0.plusSeconds(31), T0.plusSeconds(90)).orElseThrow();

        assertThatThrownBy(() -> jobs.runClaimed(stale, () -> store.upsertEntity(ALICE, "Oslo", "place", "a city", T0, null)))
                .isInstanceOf(JobQueue.ClaimLostException.class);
        Entity written = jobs.runClaimed(fresh, () -> store.upsertEntity(ALICE, "Oslo", "place", "a city", T0, null));

        assertThat(store.entities(ALICE)).extracting(Entity::id).containsExactly(written.id());
        assertThat(jobs.complete(stale)).isFalse();
        assertThat(jobs.complete(fresh)).isTrue();
        assertThat(jobs.list(List.of(Job.Status.DONE), 10)).extracting(Job::id).containsExactly(fresh.id());
    }

    @Test
    void runClaimed_claimHeld_writesAsUsualAndOtherThreadsAreNotFenced() throws Exception {
        store.appendTurn(ALICE, S1, Role.USER, "hi", T0, null, List.of(EXTRACT));
        Job job = store.jobs().claim("w1", T0, T0.plusSeconds(60)).orElseThrow();

        Fact fact = store.jobs().runClaimed(job, () -> {
            runOnOtherThread(() -> store.addFact(BOB, new NewFact("Bob's fact", null, Provenance.NONE, 1.0, T0, null)));
            return store.addFact(ALICE, new NewFact("Says hi", null, new Provenance(S1, null), 0.9, T0, null));
        });

        assertThat(store.facts(ALICE, false)).extracting(Fact::id).containsExactly(fact.id());
        assertThat(store.facts(BOB, false)).hasSize(1);
        assertThat(store.jobs().complete(job)).isTrue();
    }

    private static void runOnOtherThread(Runnable work) {
        try {
            java.util.concurrent.CompletableFuture.runAsync(work).get(1, TimeUnit.MINUTES);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void enqueue_doesNotChangeTheMemoryRevision() {
        store.appendTurn(ALICE, S1, Role.USER, "hi", T0, null, List.of());
        long revision = store.revision(ALICE);

        Job job = store.jobs().enqueue(ALICE, new NewJob("summarize", "{\"session\":\"s1\"}"), T0);
        Job claimed = store.jobs().claim("w1", T0, T0.plusSeconds(5)).orElseThrow();
        store.jobs().complete(claimed);

        assertThat(store.revision(ALICE)).isEqualTo(revision);
        assertThat(job.payload()).isEqualTo("{\"session\":\"s1\"}");
        assertThat(job.createdAt()).isEqualTo(T0);
    }

    // ---- concurrency

    @Test
    void appendTurn_from8ThreadsAtOnce_losesNothing() throws Exception {
        int threads = 8;
        int perThread = 25;
        List<Callable<List<Long>>> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            UserId user = t % 2 == 0 ? ALICE : BOB;
            int thread = t;
            writers.add(() -> {
                List<Long> ids = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                    ids.add(store.appendTurn(user, new SessionId("t" + thread), Role.USER, "turn " + i, T0.plusMillis(i),
                            null, List.of(EXTRACT)).id());
                }
                return ids;
            });
        }

        Set<Long> ids = new HashSet<>();
        for (List<Long> batch : runTogether(writers)) {
            ids.addAll(batch);
        }

        assertThat(ids).hasSize(threads * perThread);
        assertThat(store.turns(ALICE)).hasSize(threads * perThread / 2);
        assertThat(store.turns(BOB)).hasSize(threads * perThread / 2);
        assertThat(store.jobs().outstanding()).isEqualTo(threads * perThread);
    }

    @Test
    void claim_fromManyWorkersAtOnce_neverRunsTwoJobsOfOneUser() throws Exception {
        List<UserId> users = List.of(ALICE, BOB, UserId.of("carol"));
        for (UserId user : users) {
            for (int i = 0; i < 3; i++) {
                store.jobs().enqueue(user, EXTRACT, T0);
            }
        }
        List<Callable<Optional<Job>>> workers = new ArrayList<>();
        for (int w = 0; w < 6; w++) {
            String name = "w" + w;
            workers.add(() -> store.jobs().claim(name, T0, T0.plusSeconds(60)));
        }

        List<Job> claimed = runTogether(workers).stream().flatMap(Optional::stream).toList();

        assertThat(claimed).extracting(Job::userId).doesNotHaveDuplicates().hasSize(3);
    }

    /** Runs the tasks on their own threads, released together, and returns their results. */
    protected static <T> List<T> runTogether(List<Callable<T>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> task : tasks) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(2, TimeUnit.MINUTES));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- direct JDBC checks

    protected long count(String table, UserId user) throws SQLException {
        try (Connection connection = connect();
             PreparedStatement statement = connection.prepareStatement("SELECT COUNT(*) FROM " + table + " WHERE user_id = ?")) {
            statement.setString(1, user.value());
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    /** Every table of the schema that has a {@code user_id} column, as the database itself reports. */
    protected List<String> tablesWithUserId() throws SQLException {
        try (Connection connection = connect()) {
            DatabaseMetaData meta = connection.getMetaData();
            List<String> tables = new ArrayList<>();
            try (ResultSet rows = meta.getTables(null, connection.getSchema(), "%", new String[] {"TABLE"})) {
                while (rows.next()) {
                    tables.add(rows.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
                }
            }
            List<String> withUser = new ArrayList<>();
            for (String table : tables) {
                try (ResultSet columns = meta.getColumns(null, connection.getSchema(), table, "user_id")) {
                    if (columns.next()) {
                        withUser.add(table);
                    }
                }
            }
            return withUser;
        }
    }
}
