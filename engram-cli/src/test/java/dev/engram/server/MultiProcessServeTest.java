package dev.engram.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.llm.fake.FakeMessagesServer;
import dev.engram.testing.CliProcess;
import dev.engram.testkit.Await;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code engram serve} processes share one PostgreSQL database. Each user's turns alternate
 * between them within one session, and the same fact is told to both; afterwards every turn is
 * logged once with its reply, every memory job is done (claimed by one process only), and every
 * fact is stored exactly once.
 */
@Timeout(240)
class MultiProcessServeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int USERS = 3;
    private static final int TURNS = 10;

    @TempDir
    Path dir;

    @Test
    void twoServers_onePostgres_shareSessionsAndJobs_withoutLossOrDuplicates() throws Exception {
        try (TestDatabase db = TestDatabase.postgres(); FakeMessagesServer fake = FakeMessagesServer.started()) {
            fake.fallback(ScriptedModel::answer);
            Map<String, String> env = CliProcess.env(dir.resolve("home"), fake.baseUrl());
            env.put("ENGRAM_DB_URL", db.url());
            env.put("ENGRAM_EMBEDDER", "none");
            env.put("ENGRAM_WORKER_THREADS", "2");
            CliProcess.Result created = CliProcess.run(env, null, 60, "keys", "create", "--tenant", "shared");
            assertThat(created.exitCode()).as(created.stderr()).isZero();
            String key = created.stdout().strip().lines().reduce((a, b) -> b).orElseThrow();

            try (ServeProcess a = ServeProcess.start(env, 60); ServeProcess b = ServeProcess.start(env, 60)) {
                HttpClient http = HttpClient.newHttpClient();
                ExecutorService clients = Executors.newFixedThreadPool(USERS);
                List<Future<?>> done = new ArrayList<>();
                for (int u = 0; u < USERS; u++) {
                    String user = "user-" + u;
                    done.add(clients.submit(() -> {
                        String session = null;
                        for (int n = 0; n < TURNS; n++) {
                            ServeProcess server = n % 2 == 0 ? a : b;
                            // Every user says "I like tea" twice, once to each process.
                            String fact = n < 2 ? "I like tea" : "I like number " + n;
                            JsonNode reply = post(http, server, key, user, "remember: " + fact, session);
                            session = reply.path("sessionId").asText();
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
                clients.shutdown();
                awaitJobsSettled(db, Duration.ofSeconds(90));
            }

            assertThat(count(db, "SELECT COUNT(*) FROM jobs WHERE status <> 'DONE'")).isZero();
            assertThat(count(db, "SELECT COUNT(*) FROM jobs WHERE status = 'DONE' AND type = 'extract'"))
                    .isEqualTo(USERS * TURNS);
            assertThat(count(db, "SELECT COUNT(*) FROM turns")).isEqualTo(2L * USERS * TURNS);
            assertThat(count(db, "SELECT COUNT(DISTINCT session_id) FROM turns")).isEqualTo(USERS);
            for (int u = 0; u < USERS; u++) {
                List<String> facts = facts(db, "user-" + u);
                assertThat(facts).as("facts of user-%d", u).doesNotHaveDuplicates().hasSize(TURNS - 1)
                        .contains("I like tea", "I like number " + (TURNS - 1));
            }
        }
    }

    private static JsonNode post(HttpClient http, ServeProcess server, String key, String user, String message, String session)
            throws Exception {
        Map<String, String> body = session == null ? Map.of("message", message) : Map.of("message", message, "sessionId", session);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.base().resolve("/v1/users/" + user + "/messages"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static void awaitJobsSettled(TestDatabase db, Duration limit) {
        Await.until("no memory job is outstanding", limit,
                () -> count(db, "SELECT COUNT(*) FROM jobs WHERE status IN ('PENDING', 'RUNNING')") == 0);
    }

    private static long count(TestDatabase db, String sql) throws SQLException {
        try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement(sql); ResultSet rows = s.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static List<String> facts(TestDatabase db, String externalUser) throws SQLException {
        try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement("SELECT f.statement FROM facts f"
                + " JOIN tenant_users u ON u.user_id = f.user_id WHERE u.external_id = ? AND f.invalid_at IS NULL")) {
            s.setString(1, externalUser);
            try (ResultSet rows = s.executeQuery()) {
                List<String> out = new ArrayList<>();
                while (rows.next()) {
                    out.add(rows.getString(1));
                }
                return out;
            }
        }
    }
}
