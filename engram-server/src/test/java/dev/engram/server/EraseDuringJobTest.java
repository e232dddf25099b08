package dev.engram.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.llm.fake.FakeReply;
import dev.engram.testkit.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code DELETE /v1/users/{id}} while one of the user's memory jobs is running: the job's model
 * call is slow, the user is erased meanwhile, and when the model answers the job's writes are
 * refused, so the user is not brought back by a fact or an entity. On SQLite and on PostgreSQL.
 */
@Timeout(120)
class EraseDuringJobTest {
    private static final String EXTRACTION = "{\"facts\":[{\"statement\":\"Lives in Oslo\",\"subject\":\"user\","
            + "\"key\":\"location\",\"certainty\":\"explicit\",\"durable\":true}],"
            + "\"entities\":[{\"name\":\"Oslo\",\"type\":\"place\",\"note\":\"where the user lives\"}]}";

    private static final List<String> USER_TABLES =
            List.of("users", "turns", "facts", "fact_history", "summaries", "entities", "jobs", "tenant_users");

    @TempDir
    Path dir;

    @Test
    void eraseWhileExtractionRuns_sqlite_jobWritesNothingAndTheUserStaysErased() throws Exception {
        try (ServerHarness h = ServerHarness.sqlite(dir)) {
            eraseWhileExtractionRuns(h);
        }
    }

    @Test
    void eraseWhileExtractionRuns_postgres_jobWritesNothingAndTheUserStaysErased() throws Exception {
        try (ServerHarness h = ServerHarness.postgres()) {
            eraseWhileExtractionRuns(h);
        }
    }

    private static void eraseWhileExtractionRuns(ServerHarness h) {
        String key = h.key("acme");
        h.fake.onTool("record_memories", FakeReply.delay(Duration.ofMillis(1500), FakeReply.toolUse("record_memories", EXTRACTION)));
        assertThat(h.message(key, "alice", "remember: I live in Oslo", null).status()).isEqualTo(200);
        String internal = h.column("SELECT user_id FROM tenant_users WHERE external_id = 'alice'").get(0);
        await("the extraction job to call the model", () -> !h.fake.toolRequests("record_memories").isEmpty());

        assertThat(h.delete(key, "/v1/users/alice").status()).isBetween(200, 299);
        await("the extraction job to end", () -> h.worker.completed() + h.worker.failures() + h.worker.dropped() > 0);

        assertThat(h.tables()).containsAll(USER_TABLES);
        for (String table : USER_TABLES) {
            assertThat(h.column("SELECT COUNT(*) FROM " + table + " WHERE user_id = ?", internal))
                    .as("rows of the erased user in %s", table).containsExactly("0");
        }
        assertThat(h.worker.dropped()).isEqualTo(1);
        assertThat(h.worker.completed()).isZero();
        assertThat(h.get(key, "/v1/users/alice/memories").status()).isEqualTo(404);
    }

    private static void await(String what, BooleanSupplier done) {
        Await.until(what, Duration.ofSeconds(30), done::getAsBoolean);
    }
}
