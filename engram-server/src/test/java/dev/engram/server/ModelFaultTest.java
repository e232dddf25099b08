package dev.engram.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.llm.fake.FakeReply;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model faults through the fake Messages server: retried by the SDK where that helps, surfaced as
 * a JSON 502/503 when it does not, and the user's message always kept in the turn log.
 */
@Timeout(90)
class ModelFaultTest {
    @TempDir
    Path dir;
    ServerHarness h;
    String key;

    @BeforeEach
    void start() {
        // A short timeout and one SDK retry keep the faults quick.
        h = new ServerHarness(TestDatabase.sqlite(dir), ServerSettings.defaults("127.0.0.1", 0), Duration.ofSeconds(1), 1);
        key = h.key("acme");
    }

    @AfterEach
    void stop() throws Exception {
        h.close();
    }

    @Test
    void rateLimitedOnce_isRetried_andTheTurnSucceeds() {
        h.fake.onChat(FakeReply.rateLimited());
        ServerHarness.Response r = h.message(key, "alice", "hello", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(h.fake.chatRequests()).hasSize(2);
        assertThat(userTurns("alice")).isEqualTo(1);
        assertThat(assistantTurns("alice")).isEqualTo(1);
    }

    @Test
    void overloadedEveryTime_is503_andTheMessageIsKept() {
        h.fake.onChat(FakeReply.overloaded(), FakeReply.overloaded());
        ServerHarness.Response r = h.message(key, "alice", "are you there?", null);
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.errorCode()).isEqualTo("model_unavailable");
        assertThat(r.json().path("error").path("message").asText()).contains("your message is saved");
        assertThat(h.column("SELECT text FROM turns WHERE role = 'USER'")).containsExactly("are you there?");
        assertThat(assistantTurns("alice")).isZero();
        // The next turn works and the failed one did not break the session store.
        assertThat(h.message(key, "alice", "again", null).status()).isEqualTo(200);
    }

    @Test
    void aFailedFirstMessage_namesItsSession_soARetryContinuesIt_andTheModelSeesTheUnansweredMessage() {
        h.fake.onChat(FakeReply.overloaded(), FakeReply.overloaded());
        ServerHarness.Response failed = h.message(key, "alice", "are you there?", null);
        assertThat(failed.status()).isEqualTo(503);
        List<String> named = failed.headers().getOrDefault("engram-session-id", List.of());
        assertThat(named).as("headers %s", failed.headers()).hasSize(1);
        String session = named.get(0);
        assertThat(h.column("SELECT DISTINCT session_id FROM turns")).containsExactly(session);

        h.fake.onChat(FakeReply.text("Yes, I am here."));
        ServerHarness.Response retry = h.message(key, "alice", "hello again", session);

        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.json().path("sessionId").asText()).isEqualTo(session);
        assertThat(retry.headers().get("engram-session-id")).containsExactly(session);
        assertThat(h.fake.chatRequests().get(h.fake.chatRequests().size() - 1).body().toString()).contains("are you there?");
    }

    @Test
    void serverErrorEveryTime_is503() {
        h.fake.onChat(FakeReply.error(500, "api_error", "boom"), FakeReply.error(500, "api_error", "boom"));
        ServerHarness.Response r = h.message(key, "alice", "hi", null);
        assertThat(r.status()).isEqualTo(503);
        assertThat(userTurns("alice")).isEqualTo(1);
    }

    @Test
    void badRequestFromTheModel_is502_notRetried() {
        h.fake.onChat(FakeReply.error(400, "invalid_request_error", "prompt is too long"));
        ServerHarness.Response r = h.message(key, "alice", "hi", null);
        assertThat(r.status()).isEqualTo(502);
        assertThat(r.errorCode()).isEqualTo("model_error");
        assertThat(h.fake.chatRequests()).hasSize(1);
    }

    @Test
    void modelTimeout_is503AfterBoundedAttempts() {
        h.fake.onChat(FakeReply.delay(Duration.ofSeconds(4), FakeReply.text("too late")),
                FakeReply.delay(Duration.ofSeconds(4), FakeReply.text("too late")));
        ServerHarness.Response r = h.message(key, "alice", "hi", null);
        assertThat(r.status()).isEqualTo(503);
        // Bounded time without a clock: each attempt ends at the client's timeout, and attempts are bounded.
        assertThat(h.fake.chatRequests()).hasSizeBetween(1, 2);
        assertThat(r.body()).doesNotContain("too late");
        assertThat(userTurns("alice")).isEqualTo(1);
    }

    @Test
    void streamCutInTheMiddle_isAnErrorEventAfterThePartialText_andTheMessageIsKept() {
        h.fake.onChat(FakeReply.cutStream("Half an ans"), FakeReply.cutStream("Half an ans"));
        ServerHarness.Response r = h.send(key, "POST", "/v1/users/alice/messages", "{\"message\":\"hi\"}".getBytes(), "text/event-stream");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("event: delta").contains("Half").contains("event: error")
                .contains("model_unavailable").doesNotContain("event: done");
        assertThat(userTurns("alice")).isEqualTo(1);
        assertThat(assistantTurns("alice")).isZero();
    }

    @Test
    void streamCut_withoutEventStream_is503() {
        h.fake.onChat(FakeReply.cutStream("Half"), FakeReply.cutStream("Half"));
        assertThat(h.message(key, "alice", "hi", null).status()).isEqualTo(503);
    }

    @Test
    void overloadedMidStream_isAnErrorEvent() {
        h.fake.onChat(FakeReply.streamError("Partial", "overloaded_error", "Overloaded"),
                FakeReply.streamError("Partial", "overloaded_error", "Overloaded"));
        ServerHarness.Response r = h.send(key, "POST", "/v1/users/alice/messages", "{\"message\":\"hi\"}".getBytes(), "text/event-stream");
        assertThat(r.body()).contains("event: error").contains("model_unavailable")
                .as("the error event carries the status a plain request would get").contains("\"status\":503");
    }

    @Test
    void brokenToolJsonInExtraction_isRetriedByTheJobQueue_andTheFactIsStoredOnce() {
        h.fake.onTool("record_memories", FakeReply.toolUse("record_memories", "{\"facts\": [{\"statement\": "));
        assertThat(h.message(key, "alice", "remember: Speaks Welsh.", null).status()).isEqualTo(200);
        h.drain();
        assertThat(h.column("SELECT statement FROM facts")).containsExactly("Speaks Welsh.");
        assertThat(h.fake.toolRequests("record_memories")).hasSize(2);
        assertThat(h.column("SELECT status FROM jobs")).containsExactly("DONE");
        assertThat(h.column("SELECT attempts FROM jobs")).containsExactly("2");
    }

    private int userTurns(String external) {
        return count(external, "USER");
    }

    private int assistantTurns(String external) {
        return count(external, "ASSISTANT");
    }

    private int count(String external, String role) {
        return Integer.parseInt(h.column("SELECT COUNT(*) FROM turns t JOIN tenant_users u ON u.user_id = t.user_id"
                + " WHERE u.external_id = ? AND t.role = ?", external, role).get(0));
    }
}
