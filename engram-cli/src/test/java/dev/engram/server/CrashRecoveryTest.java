package dev.engram.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.llm.fake.CapturedRequest;
import dev.engram.llm.fake.FakeMessagesServer;
import dev.engram.llm.fake.FakeReply;
import dev.engram.testing.CliProcess;
import dev.engram.testkit.Await;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crash: a child {@code engram serve} is killed with SIGKILL while clients send turns and memory
 * jobs are in flight, then started again on the same database. Every turn the server acknowledged
 * (HTTP 200) is in the turn log with its reply, and every memory job, including the one running at
 * the kill, completes after the restart; none is dead-lettered. On SQLite and on PostgreSQL.
 */
@Timeout(240)
class CrashRecoveryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CLIENTS = 3;
    private static final int ACKS_BEFORE_KILL = 15;
    /** The memory model is slow, so that jobs queue up and one is running when the process dies. */
    private static final Duration MEMORY_MODEL_DELAY = Duration.ofMillis(250);

    @TempDir
    Path dir;

    /** A turn the server answered with 200. */
    private record Ack(String user, String session, String message, String reply) {}

    @Test
    void sqlite_killedDuringTurns_keepsAcknowledgedTurnsAndFinishesEveryJob() throws Exception {
        try (TestDatabase db = TestDatabase.sqlite(dir)) {
            killDuringTurnsAndRestart(db);
        }
    }

    @Test
    void postgres_killedDuringTurns_keepsAcknowledgedTurnsAndFinishesEveryJob() throws Exception {
        try (TestDatabase db = TestDatabase.postgres()) {
            killDuringTurnsAndRestart(db);
        }
    }

    private void killDuringTurnsAndRestart(TestDatabase db) throws Exception {
        try (FakeMessagesServer fake = FakeMessagesServer.started()) {
            fake.fallback(CrashRecoveryTest::answer);
            Map<String, String> env = CliProcess.env(dir.resolve("home"), fake.baseUrl());
            env.put("ENGRAM_DB_URL", db.url());
            env.put("ENGRAM_EMBEDDER", "none");
            env.put("ENGRAM_JOB_LEASE_SECONDS", "2");
            env.put("ENGRAM_WORKER_THREADS", "2");
            CliProcess.Result created = CliProcess.run(env, null, 60, "keys", "create", "--tenant", "crash");
            assertThat(created.exitCode()).as(created.stderr()).isZero();
            String key = created.stdout().strip().lines().reduce((a, b) -> b).orElseThrow();

            ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
            int inFlightAtKill;
            try (ServeProcess first = ServeProcess.start(env, 60)) {
                AtomicBoolean stop = new AtomicBoolean();
                List<Thread> clients = startClients(first, key, acks, stop);
                inFlightAtKill = awaitWorkInFlight(db, acks);
                first.kill();
                stop.set(true);
                for (Thread t : clients) {
                    t.join(30_000);
                }
            }
            assertThat(acks).as("turns acknowledged before the kill").hasSizeGreaterThanOrEqualTo(ACKS_BEFORE_KILL);
            assertThat(inFlightAtKill).as("memory jobs pending or running at the kill").isPositive();

            try (ServeProcess second = ServeProcess.start(env, 60)) {
                Map<String, Long> jobs = awaitJobsSettled(db, Duration.ofSeconds(60), second);
                System.err.printf("crash: %d turns acknowledged, %d jobs in flight at the kill, jobs after restart %s%n",
                        acks.size(), inFlightAtKill, jobs);
                assertThat(jobs).as("jobs by status after the restart").doesNotContainKeys("PENDING", "RUNNING", "DEAD");
                assertThat(jobs.getOrDefault("DONE", 0L)).as("one extraction per acknowledged turn, at least")
                        .isGreaterThanOrEqualTo(acks.size());
            }
            for (Ack ack : acks) {
                assertThat(texts(db, ack, "USER")).as("user turns of %s", ack).contains(ack.message());
                assertThat(texts(db, ack, "ASSISTANT")).as("replies of %s", ack).contains(ack.reply());
            }
        }
    }

    /** Chats answer at once; memory tool calls answer after {@link #MEMORY_MODEL_DELAY}. */
    private static FakeReply answer(CapturedRequest request) {
        FakeReply reply = ScriptedModel.answer(request);
        return request.forcedTool().isPresent() ? FakeReply.delay(MEMORY_MODEL_DELAY, reply) : reply;
    }

    private static List<Thread> startClients(ServeProcess server, String key, ConcurrentLinkedQueue<Ack> acks,
                                             AtomicBoolean stop) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            String user = "user-" + c;
            Thread t = new Thread(() -> {
                String session = null;
                for (int n = 0; !stop.get(); n++) {
                    String message = "remember: " + user + " likes number " + n;
                    try {
                        Map<String, String> body = session == null ? Map.of("message", message)
                                : Map.of("message", message, "sessionId", session);
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.base().resolve("/v1/users/" + user + "/messages"))
                                .timeout(Duration.ofSeconds(20))
                                .header("Authorization", "Bearer " + key)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() == 200) {
                            var json = JSON.readTree(r.body());
                            session = json.path("sessionId").asText();
                            acks.add(new Ack(user, session, message, json.path("reply").asText()));
                        }
                    } catch (IOException e) {
                        // The server died under this request: the turn was not acknowledged.
                        pause(Duration.ofMillis(50));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "crash-client-" + c);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        return threads;
    }

    /**
     * Waits until enough turns are acknowledged and a memory job is running, so that the kill hits
     * jobs in flight; returns how many were pending or running.
     */
    private static int awaitWorkInFlight(TestDatabase db, ConcurrentLinkedQueue<Ack> acks) {
        java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
        Await.until(ACKS_BEFORE_KILL + " turns are acknowledged and a memory job is running", Duration.ofSeconds(60), () -> {
            Map<String, Long> jobs = jobsByStatus(db);
            inFlight.set((int) (jobs.getOrDefault("RUNNING", 0L) + jobs.getOrDefault("PENDING", 0L)));
            return acks.size() >= ACKS_BEFORE_KILL && jobs.getOrDefault("RUNNING", 0L) > 0;
        });
        return inFlight.get();
    }

    private static Map<String, Long> awaitJobsSettled(TestDatabase db, Duration limit, ServeProcess server)
            throws SQLException {
        try {
            Await.until("no memory job is outstanding after the restart", limit, () -> {
                Map<String, Long> jobs = jobsByStatus(db);
                return !jobs.containsKey("PENDING") && !jobs.containsKey("RUNNING");
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + ": " + jobsByStatus(db) + "; server stderr:\n" + server.stderr(), e);
        }
        return jobsByStatus(db);
    }

    private static Map<String, Long> jobsByStatus(TestDatabase db) throws SQLException {
        try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement("SELECT status, COUNT(*) FROM jobs GROUP BY status");
             ResultSet rows = s.executeQuery()) {
            Map<String, Long> counts = new java.util.TreeMap<>();
            while (rows.next()) {
                counts.put(rows.getString(1), rows.getLong(2));
            }
            return counts;
        }
    }

    private static List<String> texts(TestDatabase db, Ack ack, String role) throws SQLException {
        try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement("SELECT t.text FROM turns t"
                + " JOIN tenant_users u ON u.user_id = t.user_id WHERE u.external_id = ? AND t.session_id = ? AND t.role = ?"
                + " ORDER BY t.id")) {
            s.setString(1, ack.user());
            s.setString(2, ack.session());
            s.setString(3, role);
            try (ResultSet rows = s.executeQuery()) {
                List<String> out = new ArrayList<>();
                while (rows.next()) {
                    out.add(rows.getString(1));
                }
                return out;
            }
        }
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
