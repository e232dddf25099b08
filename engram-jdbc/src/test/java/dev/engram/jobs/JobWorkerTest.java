package dev.engram.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.extraction.MemoryUpdater;
import dev.engram.llm.MalformedOutputException;
import dev.engram.llm.ModelUnreachableException;
import dev.engram.llm.PermanentLlmException;
import dev.engram.llm.TransientLlmException;
import dev.engram.memory.Job;
import dev.engram.memory.MemoryStore;
import dev.engram.memory.NewJob;
import dev.engram.memory.Role;
import dev.engram.memory.SessionId;
import dev.engram.memory.UserId;
import dev.engram.store.StoreFactory;
import dev.engram.testkit.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job worker on a real SQLite store's queue, driven by a clock the test moves. */
class JobWorkerTest {
    private static final UserId ALICE = UserId.of("alice");
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    private static final RetryPolicy POLICY = new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMinutes(1));
    private static final List<Job.Status> ALL = List.of(Job.Status.PENDING, Job.Status.RUNNING, Job.Status.DONE, Job.Status.DEAD);

    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(T0);
    private MemoryStore store;

    @BeforeEach
    void open() {
        store = openStore();
    }

    @AfterEach
    void close() {
        store.close();
    }

    private MemoryStore openStore() {
        return StoreFactory.open("jdbc:sqlite:" + dir.resolve("engram.db"), dir, clock);
    }

    private JobWorker worker(MemoryStore on, Map<String, JobHandler> handlers) {
        return new JobWorker(on.jobs(), handlers, POLICY, clock, 1, "test-worker");
    }

    private Job onlyJob() {
        List<Job> jobs = store.jobs().list(ALL, 10);
        assertThat(jobs).hasSize(1);
        return jobs.get(0);
    }

    @Test
    void failingHandler_isRetriedWithBackoff_thenDeadLetteredWithItsError() {
        List<Instant> runs = new CopyOnWriteArrayList<>();
        JobWorker worker = worker(store, Map.of("flaky", (user, payload) -> {
            runs.add(clock.instant());
            throw new TransientLlmException("the model server is overloaded (HTTP 529): Overloaded", 529, null);
        }));
        store.jobs().enqueue(ALICE, new NewJob("flaky", "{}"), clock.instant());

        assertThat(worker.runOnce()).isTrue();
        Job afterFirst = onlyJob();
        assertThat(afterFirst.status()).isEqualTo(Job.Status.PENDING);
        assertThat(afterFirst.attempts()).isEqualTo(1);
        assertThat(afterFirst.runAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(afterFirst.lastError()).contains("overloaded");
        assertThat(worker.runOnce()).as("not due before its backoff").isFalse();

        clock.advance(Duration.ofSeconds(1));
        assertThat(worker.runOnce()).isTrue();
        assertThat(onlyJob().runAt()).as("the delay doubles").isEqualTo(T0.plusSeconds(1 + 2));

        clock.advance(Duration.ofSeconds(2));
        assertThat(worker.runOnce()).isTrue();

        Job dead = onlyJob();
        assertThat(dead.status()).isEqualTo(Job.Status.DEAD);
        assertThat(dead.attempts()).isEqualTo(3);
        assertThat(dead.lastError()).contains("TransientLlmException").contains("HTTP 529");
        assertThat(store.jobs().list(List.of(Job.Status.DEAD), 10)).extracting(Job::id).containsExactly(dead.id());
        assertThat(runs).hasSize(3);
        assertThat(store.jobs().outstanding()).isZero();
        clock.advance(Duration.ofHours(1));
        assertThat(worker.runOnce()).as("a dead job does not run again by itself").isFalse();
        assertThat(worker.failures()).isEqualTo(3);
    }

    @Test
    void malformedModelOutput_isRetried() {
        JobWorker worker = worker(store, Map.of("extract", (user, payload) -> {
            throw new MalformedOutputException("record_memories: field 'facts' must be an array, got nothing");
        }));
        store.jobs().enqueue(ALICE, new NewJob("extract", "{}"), clock.instant());

        worker.runOnce();

        assertThat(onlyJob().status()).isEqualTo(Job.Status.PENDING);
        assertThat(onlyJob().lastError()).contains("'facts' must be an array");
    }

    @Test
    void permanentLlmError_goesStraightToDeadLetters() {
        JobWorker worker = worker(store, Map.of("extract", (user, payload) -> {
            throw new PermanentLlmException("the API key was not accepted (HTTP 401): invalid x-api-key", 401, null);
        }));
        store.jobs().enqueue(ALICE, new NewJob("extract", "{}"), clock.instant());

        worker.runOnce();

        Job job = onlyJob();
        assertThat(job.status()).isEqualTo(Job.Status.DEAD);
        assertThat(job.attempts()).isEqualTo(1);
        assertThat(job.lastError()).contains("HTTP 401");
    }

    @Test
    void jobOfUnknownType_isDeadLetteredWithAClearError() {
        JobWorker worker = worker(store, Map.of());
        store.jobs().enqueue(ALICE, new NewJob("mystery", "{}"), clock.instant());

        worker.runOnce();

        assertThat(onlyJob().status()).isEqualTo(Job.Status.DEAD);
        assertThat(onlyJob().lastError()).contains("no handler").contains("mystery");
    }

    @Test
    void malformedPayload_ofRealExtractJob_goesStraightToDeadLetters() {
        // The updater needs no model or store parts to read its payload; a payload it cannot read never will.
        MemoryUpdater updater = new MemoryUpdater(store, null, null, null, null, null, (u, r) -> true, null, null,
                new dev.engram.extraction.SummaryPolicy(1, 1), clock);
        JobWorker worker = worker(store, Map.of(MemoryUpdater.EXTRACT, updater::extract, MemoryUpdater.SUMMARIZE, updater::summarize));
        store.jobs().enqueue(ALICE, new NewJob(MemoryUpdater.EXTRACT, "not json at all"), clock.instant());
        store.jobs().enqueue(ALICE, new NewJob(MemoryUpdater.SUMMARIZE, "{\"session\":\"../etc\"}"), clock.instant());

        worker.runOnce();
        worker.runOnce();

        assertThat(store.jobs().list(ALL, 10)).allSatisfy(job -> {
            assertThat(job.status()).as(job.payload()).isEqualTo(Job.Status.DEAD);
            assertThat(job.attempts()).as(job.payload()).isEqualTo(1);
        });
    }

    @Test
    void drain_waitsUntilPendingWorkIsDone() {
        List<String> done = new CopyOnWriteArrayList<>();
        JobWorker worker = worker(store, Map.of("slow", (user, payload) -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            done.add(payload);
            return "ok";
        }));
        for (int i = 0; i < 3; i++) {
            store.jobs().enqueue(ALICE, new NewJob("slow", "{\"n\":" + i + "}"), clock.instant());
        }
        worker.start();
        try {
            assertThat(worker.drain(Duration.ofSeconds(60))).isTrue();
            assertThat(done).hasSize(3);
            assertThat(store.jobs().outstanding()).isZero();
            assertThat(worker.completed()).isEqualTo(3);
        } finally {
            worker.close();
        }
    }

    @Test
    void drain_ofWorkThatIsNotDueYet_givesUpAtItsTimeout_andTheJobStaysQueued() {
        JobWorker worker = worker(store, Map.of("later", (user, payload) -> "ok"));
        store.jobs().enqueue(ALICE, new NewJob("later", "{}"), clock.instant().plus(Duration.ofHours(1)));
        worker.start();
        try {
            assertThat(worker.drain(Duration.ofMillis(300))).isFalse();
        } finally {
            worker.close();
        }
        assertThat(onlyJob().status()).isEqualTo(Job.Status.PENDING);
    }

    @Test
    void drain_stopsWhenAJobFindsTheModelServerUnreachable_andLeavesItQueuedForTheNextStart() {
        // A real clock: were the drain to wait, the retries would come due and dead-letter the job.
        JobWorker worker = new JobWorker(store.jobs(), Map.of("summarize", (user, payload) -> {
            throw new ModelUnreachableException("the model server could not be reached (Connection refused)", null);
        }), POLICY, java.time.Clock.systemUTC(), 1, "test-worker");
        store.jobs().enqueue(ALICE, new NewJob("summarize", "{}"), Instant.now());
        worker.start();
        try {
            assertThat(worker.drain(Duration.ofMinutes(1))).isFalse();
        } finally {
            worker.close();
        }
        Job left = onlyJob();
        assertThat(left.status()).isEqualTo(Job.Status.PENDING);
        assertThat(left.attempts()).isEqualTo(1);
        assertThat(left.lastError()).contains("could not be reached");
        assertThat(worker.unreachableFailures()).isEqualTo(1);
    }

    @Test
    void jobEnqueuedWithATurn_survivesCloseAndReopen_andRunsAfterRestart() {
        SessionId session = new SessionId("s1");
        long turn = store.appendTurn(ALICE, session, Role.USER, "I work as a nurse.", clock.instant(), null,
                List.of(new NewJob(MemoryUpdater.EXTRACT, MemoryUpdater.extractPayload(session, 1)))).id();
        store.close();

        List<String> ran = new CopyOnWriteArrayList<>();
        store = openStore();
        JobWorker worker = worker(store, Map.of(MemoryUpdater.EXTRACT, (user, payload) -> {
            ran.add(user + " " + payload);
            return "ok";
        }));
        assertThat(store.jobs().outstanding()).isEqualTo(1);

        assertThat(worker.runOnce()).isTrue();

        assertThat(ran).containsExactly("alice " + MemoryUpdater.extractPayload(session, 1));
        assertThat(onlyJob().status()).isEqualTo(Job.Status.DONE);
        assertThat(store.sessionTurns(ALICE, session)).extracting(t -> t.id()).containsExactly(turn);
    }

    @Test
    void jobClaimedByAProcessThatDied_runsAgainOnceItsLeaseRunsOut() {
        store.jobs().enqueue(ALICE, new NewJob("extract", "{}"), clock.instant());
        assertThat(store.jobs().claim("dead-process", clock.instant(), clock.instant().plus(POLICY.lease()))).isPresent();
        store.close();

        store = openStore();
        List<String> ran = new CopyOnWriteArrayList<>();
        JobWorker worker = worker(store, Map.of("extract", (user, payload) -> {
            ran.add(payload);
            return "ok";
        }));
        assertThat(worker.runOnce()).as("still leased to the other process").isFalse();

        clock.advance(POLICY.lease().plusSeconds(1));
        assertThat(worker.runOnce()).isTrue();

        assertThat(ran).hasSize(1);
        assertThat(onlyJob().status()).isEqualTo(Job.Status.DONE);
    }
}
