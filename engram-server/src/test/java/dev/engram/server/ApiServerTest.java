package dev.engram.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.llm.fake.FakeReply;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP API's routes end to end on SQLite: real server, real store, real SDK against the fake model. */
@Timeout(60)
class ApiServerTest {
    @TempDir
    Path dir;
    ServerHarness h;
    String key;

    @BeforeEach
    void start() {
        h = ServerHarness.sqlite(dir);
        key = h.key("acme");
    }

    @AfterEach
    void stop() throws Exception {
        h.close();
    }

    @Test
    void message_withoutKey_is401WithJsonError() {
        ServerHarness.Response r = h.send(null, "POST", "/v1/users/alice/messages", "{\"message\":\"hi\"}".getBytes(), null);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.errorCode()).isEqualTo("unauthorized");
        assertThat(h.fake.chatRequests()).isEmpty();
    }

    @Test
    void message_withWrongOrRevokedKey_is401() {
        assertThat(h.message("egk_not-a-real-key", "alice", "hi", null).status()).isEqualTo(401);
        assertThat(h.message("Basic xyz", "alice", "hi", null).status()).isEqualTo(401);
        // A key never used is refused at once after revocation (a used one within Authenticator.CACHE_FOR).
        String unused = h.key("acme");
        long id = h.tenants.keys().get(1).keyId();
        h.tenants.revokeKey(id, java.time.Instant.now());
        assertThat(h.message(unused, "alice", "hi", null).status()).isEqualTo(401);
        assertThat(h.message(key, "alice", "hi", null).status()).isEqualTo(200);
    }

    @Test
    void message_returnsReplyAndSession_andTheSessionContinues() {
        ServerHarness.Response first = h.message(key, "alice", "Hello there", null);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().path("reply").asText()).isEqualTo("Noted: Hello there");
        String session = first.json().path("sessionId").asText();
        assertThat(first.headers().get("server-timing")).anySatisfy(v -> assertThat(v).contains("app;dur="));

        ServerHarness.Response second = h.message(key, "alice", "And again", session);
        assertThat(second.json().path("sessionId").asText()).isEqualTo(session);
        // The second chat request carries the first exchange as history.
        JsonNode messages = h.fake.chatRequests().get(1).body().path("messages");
        assertThat(messages.toString()).contains("Hello there").contains("Noted: Hello there");
    }

    @Test
    void message_withEventStreamAccept_streamsDeltasThenDone() {
        h.fake.onChat(FakeReply.text("streamed answer"));
        ServerHarness.Response r = h.send(key, "POST", "/v1/users/alice/messages", "{\"message\":\"hi\"}".getBytes(), "text/event-stream");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers().get("content-type").get(0)).startsWith("text/event-stream");
        assertThat(r.body()).contains("event: delta").contains("event: done").contains("\"reply\":\"streamed answer\"");
    }

    @Test
    void remember_thenTurn_extractsFact_visibleInListSearchHistoryAndExport() {
        assertThat(h.message(key, "alice", "remember: Works as a nurse in Leeds.", null).status()).isEqualTo(200);
        h.drain();
        JsonNode list = h.get(key, "/v1/users/alice/memories").json().path("memories");
        assertThat(list).hasSize(1);
        assertThat(list.get(0).path("text").asText()).isEqualTo("Works as a nurse in Leeds.");

        ServerHarness.Response added = h.post(key, "/v1/users/alice/memories", "{\"text\":\"Has a cat called Tom.\"}");
        assertThat(added.status()).isEqualTo(201);
        long catId = added.json().path("memory").path("id").asLong();

        assertThat(h.get(key, "/v1/users/alice/memories?q=cat").json().path("memories")).hasSize(1);
        assertThat(h.get(key, "/v1/users/alice/memories?limit=1").json().path("memories")).hasSize(1);

        ServerHarness.Response edited = h.patch(key, "/v1/users/alice/memories/" + catId, "{\"text\":\"Has a cat called Tim.\"}");
        assertThat(edited.status()).isEqualTo(200);
        JsonNode history = h.get(key, "/v1/users/alice/memories/" + catId + "/history").json().path("history");
        assertThat(history).hasSize(2);
        assertThat(history.get(1).path("kind").asText()).isEqualTo("EDITED");
        assertThat(history.get(1).path("before").asText()).isEqualTo("Has a cat called Tom.");

        ServerHarness.Response export = h.get(key, "/v1/users/alice/export");
        assertThat(export.status()).isEqualTo(200);
        assertThat(export.json().path("userId").asText()).isEqualTo("alice");
        assertThat(export.body()).contains("Has a cat called Tim.").contains("Works as a nurse in Leeds.");

        assertThat(h.delete(key, "/v1/users/alice/memories/" + catId).status()).isEqualTo(200);
        assertThat(h.delete(key, "/v1/users/alice/memories/" + catId).errorCode()).isEqualTo("not_found");
        assertThat(h.get(key, "/v1/users/alice/memories").json().path("memories")).hasSize(1);
    }

    @Test
    void endSession_enqueuesSummary_andUnknownUserIs404() {
        String session = h.message(key, "alice", "hello", null).json().path("sessionId").asText();
        ServerHarness.Response end = h.post(key, "/v1/users/alice/sessions/" + session + "/end", "{}");
        assertThat(end.status()).isEqualTo(200);
        h.drain();
        assertThat(h.fake.toolRequests("record_session_summary")).hasSize(1);
        assertThat(h.post(key, "/v1/users/nobody/sessions/" + session + "/end", "{}").status()).isEqualTo(404);
    }

    @Test
    void otherTenantsUser_isNotFound_andSameNameIsAnotherUser() {
        String other = h.key("globex");
        h.post(key, "/v1/users/alice/memories", "{\"text\":\"Acme's alice likes tea.\"}");
        long id = h.get(key, "/v1/users/alice/memories").json().path("memories").get(0).path("id").asLong();

        assertThat(h.get(other, "/v1/users/alice/memories").errorCode()).isEqualTo("not_found");
        assertThat(h.get(other, "/v1/users/alice/export").status()).isEqualTo(404);
        assertThat(h.get(other, "/v1/users/alice/memories/" + id + "/history").status()).isEqualTo(404);
        assertThat(h.delete(other, "/v1/users/alice").status()).isEqualTo(404);

        h.post(other, "/v1/users/alice/memories", "{\"text\":\"Globex's alice likes coffee.\"}");
        assertThat(h.get(other, "/v1/users/alice/memories").body()).contains("coffee").doesNotContain("tea");
        // Globex's alice cannot touch Acme's alice's fact by id either.
        assertThat(h.delete(other, "/v1/users/alice/memories/" + id).status()).isEqualTo(404);
        assertThat(h.patch(other, "/v1/users/alice/memories/" + id, "{\"text\":\"hijacked\"}").status()).isEqualTo(404);
        assertThat(h.get(key, "/v1/users/alice/memories").body()).contains("tea").doesNotContain("hijacked");
    }

    @Test
    void eraseUser_removesEveryRowOfTheUserInEveryTable() {
        String session = h.message(key, "alice", "remember: Lives in Oslo.", null).json().path("sessionId").asText();
        h.post(key, "/v1/users/alice/memories", "{\"text\":\"Plays the cello.\"}");
        h.post(key, "/v1/users/alice/sessions/" + session + "/end", "{}");
        h.message(key, "bob", "remember: Lives in Rome.", null);
        h.drain();
        String internal = h.column("SELECT user_id FROM tenant_users WHERE external_id = 'alice'").get(0);
        assertThat(h.column("SELECT COUNT(*) FROM facts WHERE user_id = ?", internal).get(0)).isEqualTo("2");

        ServerHarness.Response erased = h.delete(key, "/v1/users/alice");
        assertThat(erased.status()).isEqualTo(200);

        List<String> tables = h.tables();
        assertThat(tables).contains("turns", "facts", "fact_history", "summaries", "entities", "jobs", "users", "tenant_users");
        for (String table : tables) {
            List<String> columns = h.column(columnsQuery(table));
            for (String column : columns) {
                if (column.equals("user_id") || column.equals("external_id")) {
                    assertThat(h.column("SELECT COUNT(*) FROM " + table + " WHERE " + column + " IN (?, ?)", internal, "alice"))
                            .as("rows of alice in %s.%s", table, column).containsExactly("0");
                }
            }
        }
        assertThat(h.get(key, "/v1/users/alice/memories").status()).isEqualTo(404);
        assertThat(h.get(key, "/v1/users/bob/memories").json().path("memories")).hasSize(1);
    }

    @Test
    void healthMetricsAndOpenApi_needNoKey() {
        h.message(key, "alice", "hi", null);
        assertThat(h.get(null, "/healthz").json().path("status").asText()).isEqualTo("ok");
        String metrics = h.get(null, "/metrics").body();
        assertThat(metrics).contains("engram_turn_seconds_count 1", "engram_turn_server_seconds_bucket",
                "engram_model_seconds_sum", "engram_model_tokens_total{kind=\"input\"}", "engram_queue_depth",
                "engram_http_requests_total{method=\"POST\",route=\"/v1/users/{userId}/messages\",status=\"200\"} 1");
        JsonNode api = h.get(null, "/openapi.json").json();
        assertThat(api.path("paths").has("/v1/users/{userId}/messages")).isTrue();
    }

    private String columnsQuery(String table) {
        return h.database.url().startsWith("jdbc:sqlite:")
                ? "SELECT name FROM pragma_table_info('" + table + "')"
                : "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = '" + table + "'";
    }
}
