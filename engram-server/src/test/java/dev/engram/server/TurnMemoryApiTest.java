package dev.engram.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.memory.UserId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the web chat needs from the API, end to end on SQLite with the chat's real retrieval: the
 * memory items each turn's prompt carried ({@code memoryUsed}, in the JSON reply and in the SSE
 * {@code done} event), incognito messages, and {@code GET /v1/users/{userId}/memory}.
 */
@Timeout(60)
class TurnMemoryApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DONE = Pattern.compile("event: done\ndata: (.*)\n");

    @TempDir
    Path dir;
    ServerHarness h;
    String key;

    @BeforeEach
    void start() {
        h = ServerHarness.sqliteWithRetrieval(dir);
        key = h.key("acme");
    }

    @AfterEach
    void stop() throws Exception {
        h.close();
    }

    @Test
    void reply_namesEachMemoryItemItsPromptCarried_fact_summary_andEarlierTurn() {
        String first = h.message(key, "alice", "remember: Works night shifts as a nurse in Leeds.", null).json()
                .path("sessionId").asText();
        assertThat(h.post(key, "/v1/users/alice/sessions/" + first + "/end", "{}").json().path("summaryQueued").asBoolean())
                .isTrue();
        h.drain();
        String factId = only(h.column("SELECT id FROM facts"));
        String summaryId = only(h.column("SELECT id FROM summaries"));
        String turnId = only(h.column("SELECT id FROM turns WHERE role = 'USER'"));

        JsonNode reply = h.message(key, "alice", "Any tips for night shifts as a nurse in Leeds?", null).json();

        JsonNode used = reply.path("memoryUsed");
        assertThat(refs(used)).contains("#" + factId, "s" + summaryId, "t" + turnId);
        String system = h.fake.chatRequests().get(1).body().path("system").toString();
        for (JsonNode item : used) {
            assertThat(item.path("kind").asText()).isIn("fact", "summary", "entity", "turn");
            assertThat(item.path("ref").asText()).endsWith(item.path("id").asText());
            // Each item named was really in the prompt's memory block (these texts need no escaping).
            assertThat(system).contains(item.path("text").asText());
        }
        JsonNode turn = find(used, "t" + turnId);
        assertThat(turn.path("role").asText()).isEqualTo("user");
        assertThat(turn.path("text").asText()).isEqualTo("remember: Works night shifts as a nurse in Leeds.");
        assertThat(find(used, "#" + factId).path("text").asText()).isEqualTo("Works night shifts as a nurse in Leeds.");
        assertThat(reply.path("incognito").asBoolean()).isFalse();
    }

    @Test
    void streamedReply_doneEventCarriesTheSameMemoryUsed_andAFirstTurnUsesNone() {
        JsonNode none = h.message(key, "bob", "hello", null).json();
        assertThat(none.path("memoryUsed").isArray()).isTrue();
        assertThat(none.path("memoryUsed")).isEmpty();
        long factId = h.post(key, "/v1/users/bob/memories", "{\"text\":\"Keeps bees on an allotment.\"}").json()
                .path("memory").path("id").asLong();

        ServerHarness.Response r = h.send(key, "POST", "/v1/users/bob/messages",
                "{\"message\":\"how are the bees on the allotment?\"}".getBytes(StandardCharsets.UTF_8), "text/event-stream");

        JsonNode done = doneEvent(r.body());
        assertThat(refs(done.path("memoryUsed"))).contains("#" + factId);
        assertThat(find(done.path("memoryUsed"), "#" + factId).path("kind").asText()).isEqualTo("fact");
        assertThat(done.path("incognito").asBoolean()).isFalse();
        assertThat(done.path("serverTiming").asText()).contains("app;dur=");
    }

    @Test
    void incognitoMessages_storeNoTurnJobOrFact_andRecordingResumesWhenAMessageSaysSo() {
        JsonNode secret = h.message(key, "carol", "remember: Is planning a surprise party.", null, true).json();
        assertThat(secret.path("incognito").asBoolean()).isTrue();
        assertThat(secret.path("reply").asText()).isEqualTo("Noted: remember: Is planning a surprise party.");
        String session = secret.path("sessionId").asText();
        h.drain();
        assertThat(h.column("SELECT COUNT(*) FROM turns")).containsExactly("0");
        assertThat(h.column("SELECT COUNT(*) FROM jobs")).containsExactly("0");
        assertThat(h.column("SELECT COUNT(*) FROM facts")).containsExactly("0");

        JsonNode open = h.message(key, "carol", "remember: Likes green tea.", session, false).json();
        assertThat(open.path("incognito").asBoolean()).isFalse();
        h.drain();
        assertThat(h.column("SELECT text FROM turns ORDER BY id"))
                .containsExactly("remember: Likes green tea.", "Noted: remember: Likes green tea.");
        assertThat(h.column("SELECT statement FROM facts")).containsExactly("Likes green tea.");
        // The incognito exchange stays in the live conversation, as in the chat's /incognito.
        assertThat(h.fake.chatRequests().get(1).body().path("messages").toString()).contains("surprise party");
    }

    @Test
    void incognitoOnlySession_endsWithoutSummary_andAWrongIncognitoValueIs400StoringNothing() {
        String session = h.message(key, "dave", "just between us", null, true).json().path("sessionId").asText();
        JsonNode end = h.post(key, "/v1/users/dave/sessions/" + session + "/end", "{}").json();
        assertThat(end.path("ended").asBoolean()).isTrue();
        assertThat(end.path("summaryQueued").asBoolean()).isFalse();
        h.drain();
        assertThat(h.column("SELECT COUNT(*) FROM jobs")).containsExactly("0");
        assertThat(h.column("SELECT COUNT(*) FROM summaries")).containsExactly("0");

        ServerHarness.Response bad = h.post(key, "/v1/users/dave/messages", "{\"message\":\"hi\",\"incognito\":\"yes\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.errorCode()).isEqualTo("invalid_field");
        assertThat(bad.json().path("error").path("message").asText()).contains("'incognito' must be true or false");
        assertThat(h.column("SELECT COUNT(*) FROM turns")).containsExactly("0");
        assertThat(h.fake.chatRequests()).hasSize(1);
    }

    @Test
    void forgettingAFact_takesItsMessagesOutOfTheLiveSession_soTheNextPromptNoLongerCarriesThem() {
        String session = h.message(key, "fred", "remember: Owes money to a loan shark.", null).json().path("sessionId").asText();
        h.message(key, "fred", "Something else entirely.", session);
        h.drain();
        long factId = Long.parseLong(only(h.column("SELECT id FROM facts")));

        JsonNode deleted = h.delete(key, "/v1/users/fred/memories/" + factId).json();

        assertThat(deleted.path("deleted").asLong()).isEqualTo(factId);
        assertThat(deleted.path("turnsRemoved").asInt()).isPositive();
        assertThat(h.column("SELECT COUNT(*) FROM turns WHERE text LIKE '%loan shark%'")).containsExactly("0");
        h.message(key, "fred", "And one more thing.", session);
        String sent = h.fake.chatRequests().get(2).body().toString();
        assertThat(sent).contains("Something else entirely.").doesNotContain("loan shark");
    }

    @Test
    void memoryOverview_listsFactsSummariesAndEntitiesWithRefs_onlyForTheTenantsOwnUser() {
        String session = h.message(key, "erin", "remember: Is training for a marathon.", null).json().path("sessionId").asText();
        h.post(key, "/v1/users/erin/sessions/" + session + "/end", "{}");
        h.drain();
        UserId internal = new UserId(only(h.column("SELECT user_id FROM tenant_users WHERE external_id = 'erin'")));
        long entityId = h.store.upsertEntity(internal, "Leeds Marathon", "goal", "the user's first marathon, in May",
                Instant.now(), null).id();

        ServerHarness.Response r = h.get(key, "/v1/users/erin/memory");

        assertThat(r.status()).isEqualTo(200);
        JsonNode view = r.json();
        assertThat(view.path("userId").asText()).isEqualTo("erin");
        assertThat(view.path("facts")).hasSize(1);
        assertThat(view.path("facts").get(0).path("text").asText()).isEqualTo("Is training for a marathon.");
        assertThat(view.path("facts").get(0).path("id").asText()).isEqualTo(only(h.column("SELECT id FROM facts")));
        JsonNode summary = view.path("summaries").get(0);
        assertThat(summary.path("ref").asText()).isEqualTo("s" + only(h.column("SELECT id FROM summaries")));
        assertThat(summary.path("text").asText()).isEqualTo("The user talked about their facts.");
        assertThat(summary.path("session").asText()).isEqualTo(session);
        assertThat(summary.path("longTerm").asBoolean()).isFalse();
        JsonNode entity = view.path("entities").get(0);
        assertThat(entity.path("ref").asText()).isEqualTo("e" + entityId);
        assertThat(entity.path("name").asText()).isEqualTo("Leeds Marathon");
        assertThat(entity.path("type").asText()).isEqualTo("goal");
        assertThat(entity.path("notes").asText()).contains("first marathon");

        String other = h.key("globex");
        assertThat(h.get(other, "/v1/users/erin/memory").status()).isEqualTo(404);
        assertThat(h.get(key, "/v1/users/nobody/memory").errorCode()).isEqualTo("not_found");
        assertThat(h.get(null, "/v1/users/erin/memory").status()).isEqualTo(401);
        assertThat(h.get(null, "/openapi.json").json().path("paths").has("/v1/users/{userId}/memory")).isTrue();
    }

    private static JsonNode doneEvent(String body) {
        Matcher m = DONE.matcher(body);
        assertThat(m.find()).as("a done event in %s", body).isTrue();
        try {
            return JSON.readTree(m.group(1));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> refs(JsonNode used) {
        List<String> out = new ArrayList<>();
        used.forEach(item -> out.add(item.path("ref").asText()));
        return out;
    }

    private static JsonNode find(JsonNode used, String ref) {
        for (JsonNode item : used) {
            if (item.path("ref").asText().equals(ref)) {
                return item;
            }
        }
        throw new AssertionError("no " + ref + " in " + used);
    }

    private static String only(List<String> values) {
        assertThat(values).hasSize(1);
        return values.get(0);
    }
}
