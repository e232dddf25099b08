package dev.engram.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Concurrent turns of one user lose nothing: every turn is logged, every extracted fact is present
 * once, and turns of one session never interleave. On SQLite and on PostgreSQL.
 */
@Timeout(120)
class ConcurrencyTest {
    private static final int TURNS = 50;

    @TempDir
    Path dir;

    @Test
    void fiftyConcurrentTurnsOfOneUser_sqlite_everyFactOnce() throws Exception {
        try (ServerHarness h = ServerHarness.sqlite(dir)) {
            fiftyConcurrentTurns(h);
        }
    }

    @Test
    void fiftyConcurrentTurnsOfOneUser_postgres_everyFactOnce() throws Exception {
        try (ServerHarness h = ServerHarness.postgres()) {
            fiftyConcurrentTurns(h);
        }
    }

    @Test
    void concurrentTurnsInOneSession_alternateInTheLog() throws Exception {
        try (ServerHarness h = ServerHarness.sqlite(dir)) {
            String key = h.key("acme");
            String session = h.message(key, "alice", "start", null).json().path("sessionId").asText();
            List<Integer> statuses = inParallel(20, i -> h.message(key, "alice", "tab message " + i, session).status());
            assertThat(statuses).containsOnly(200);
            List<String> roles = h.column("SELECT role FROM turns WHERE session_id = ? ORDER BY id", session);
            assertThat(roles).hasSize(42);
            for (int i = 0; i < roles.size(); i++) {
                assertThat(roles.get(i)).as("turn %d", i).isEqualTo(i % 2 == 0 ? "USER" : "ASSISTANT");
            }
        }
    }

    private void fiftyConcurrentTurns(ServerHarness h) throws Exception {
        String key = h.key("acme");
        List<Integer> statuses = inParallel(TURNS, i -> h.message(key, "alice", "remember: Lucky number " + i + " is kept.", null).status());
        assertThat(statuses).containsOnly(200);
        h.drain();
        List<String> facts = h.column("SELECT statement FROM facts");
        List<String> expected = IntStream.range(0, TURNS).mapToObj(i -> "Lucky number " + i + " is kept.").toList();
        assertThat(facts).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(h.column("SELECT COUNT(*) FROM turns")).containsExactly(String.valueOf(2 * TURNS));
        assertThat(h.column("SELECT DISTINCT status FROM jobs")).containsExactly("DONE");
        assertThat(h.get(key, "/v1/users/alice/memories?limit=1000").json().path("memories")).hasSize(TURNS);
    }

    interface Call<T> {
        T run(int i) throws Exception;
    }

    static <T> List<T> inParallel(int n, Call<T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit(() -> call.run(index)));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(90, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
