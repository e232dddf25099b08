package dev.engram.server.mem0;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.curation.MemoryService;
import dev.engram.llm.fake.FakeReply;
import dev.engram.memory.UserId;
import dev.engram.server.ServerHarness;
import dev.engram.server.ServerSettings;
import dev.engram.server.TestDatabase;
import dev.engram.testkit.HashEmbedder;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mem0 routes end to end on SQLite: the real server with the mem0 routes on an ephemeral port,
 * the real store, hybrid retrieval over a test embedder, and the real extraction pipeline with the
 * real SDK talking to the fake model (a user message "remember: X" makes extraction record X).
 */
@Timeout(60)
class Mem0ApiTest {
    @TempDir
    Path dir;
    ServerHarness h;
    String key;
    Mem0Calls mem0;

    /** The server under test; {@link Mem0ApiPostgresTest} runs the same tests on PostgreSQL. */
    ServerHarness harness(Path dir) {
        return new ServerHarness(TestDatabase.sqlite(dir), ServerSettings.defaults("127.0.0.1", 0), Duration.ofSeconds(5), 2,
                new HashEmbedder());
    }

    @BeforeEach
    void start() {
        h = harness(dir);
        key = h.key("acme");
        mem0 = new Mem0Calls(h, key);
    }

    @AfterEach
    void stop() throws Exception {
        h.close();
    }

    @Test
    void ping_withTheTenantsKeyAsTokenOrBearer_isOkAndNamesTheTenant() {
        JsonNode ping = mem0.ok("GET", "/v1/ping/", null);
        assertThat(ping.path("status").asText()).isEqualTo("ok");
        assertThat(ping.path("org_id").asText()).isEqualTo("acme");
        assertThat(ping.path("project_id").asText()).isEqualTo("acme");
        assertThat(ping.has("user_email")).isTrue();
        assertThat(ping.path("user_email").isNull()).isTrue();
        assertThat(h.send(key, "GET", "/v1/ping/", null, null).status()).isEqualTo(200);
    }

    @Test
    void add_withInference_isPending_thenTheExtractedFactIsListedWithItsMetadata() {
        JsonNode event = mem0.ok("POST", "/v3/memories/add/", "{'messages': [{'role': 'user', 'content': 'remember: Likes"
                + " cricket.'}, {'role': 'assistant', 'content': 'Noted!'}], 'user_id': 'alice', 'metadata': {'source':"
                + " 'test', 'camelCaseKey': 1}}");

        assertThat(event.path("status").asText()).isEqualTo("PENDING");
        assertThat(event.path("message").asText()).isEqualTo(Mem0Add.QUEUED);
        String eventId = event.path("event_id").asText();
        // The messages are in the turn log, in the session named by the event, with their extraction job.
        assertThat(h.column("SELECT text FROM turns WHERE session_id = ? ORDER BY id", eventId))
                .containsExactly("remember: Likes cricket.", "Noted!");
        h.drain();

        JsonNode memories = mem0.list("alice");
        assertThat(memories).hasSize(1);
        JsonNode cricket = memories.get(0);
        assertThat(cricket.path("memory").asText()).isEqualTo("Likes cricket.");
        assertThat(cricket.path("user_id").asText()).isEqualTo("alice");
        assertThat(cricket.path("metadata").toString()).isEqualTo("{\"source\":\"test\",\"camelCaseKey\":1}");
        assertThat(cricket.path("created_at").asText()).isNotEmpty();
        assertThat(mem0.ok("GET", "/v1/memories/" + cricket.path("id").asText() + "/", null).path("memory").asText())
                .isEqualTo("Likes cricket.");
    }

    @Test
    void add_withoutInference_storesEachMessageWordForWord_atOnce() {
        JsonNode reply = mem0.ok("POST", "/v3/memories/add/", "{'messages': [{'role': 'user', 'content': 'Is a vegetarian'},"
                + " {'role': 'assistant', 'content': 'Prefers short answers'}], 'user_id': 'alice', 'infer': false,"
                + " 'metadata': {'kind': 'import'}}");

        assertThat(reply.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(reply.path("results")).extracting(r -> r.path("memory").asText() + "|" + r.path("data").path("memory").asText()
                + "|" + r.path("event").asText()).containsExactly("Is a vegetarian|Is a vegetarian|ADD",
                "Prefers short answers|Prefers short answers|ADD");
        assertThat(h.fake.toolRequests()).as("no model call without inference").isEmpty();
        assertThat(mem0.list("alice")).extracting(m -> m.path("memory").asText() + "|" + m.path("metadata").path("kind").asText())
                .containsExactly("Is a vegetarian|import", "Prefers short answers|import");
    }

    @Test
    void add_onTheOlderV1Route_answersABareListOrV11Results() {
        JsonNode pending = mem0.ok("POST", "/v1/memories/", "{'messages': [{'role': 'user', 'content': 'remember: Has a cat.'}],"
                + " 'user_id': 'alice'}");
        JsonNode stored = mem0.ok("POST", "/v1/memories/", "{'messages': 'Has a dog.', 'user_id': 'alice', 'infer': false,"
                + " 'output_format': 'v1.1'}");
        h.drain();

        assertThat(pending.isArray()).isTrue();
        assertThat(pending.get(0).path("status").asText()).isEqualTo("PENDING");
        assertThat(stored.path("results").get(0).path("memory").asText()).isEqualTo("Has a dog.");
        assertThat(mem0.list("alice")).extracting(m -> m.path("memory").asText()).containsExactlyInAnyOrder("Has a cat.",
                "Has a dog.");
    }

    @Test
    void search_ranksTheUsersFactsWithScores_andHonoursTopKThresholdAndMetadata() {
        mem0.ok("POST", "/v3/memories/add/", "{'messages': [{'role': 'user', 'content': 'Plays cricket every Sunday'},"
                + " {'role': 'user', 'content': 'Drinks green tea'}], 'user_id': 'alice', 'infer': false, 'metadata': {'src': 'a'}}");
        mem0.ok("POST", "/v3/memories/add/", "{'messages': 'Watches cricket on TV', 'user_id': 'alice', 'infer': false,"
                + " 'metadata': {'src': 'b'}}");

        JsonNode results = mem0.ok("POST", "/v3/memories/search/", "{'query': 'cricket', 'output_format': 'v1.1', 'filters':"
                + " {'user_id': 'alice'}}").path("results");
        // The tea fact shares no word and is the least similar of all: no signal, so it is left out.
        assertThat(results).extracting(r -> r.path("memory").asText())
                .containsExactlyInAnyOrder("Plays cricket every Sunday", "Watches cricket on TV");
        List<Double> scores = new ArrayList<>();
        results.forEach(r -> scores.add(r.path("score").asDouble()));
        assertThat(scores).isSortedAccordingTo((a, b) -> Double.compare(b, a)).allSatisfy(s -> assertThat(s).isBetween(0.0, 1.0));
        assertThat(results.get(0).path("user_id").asText()).isEqualTo("alice");

        assertThat(mem0.ok("POST", "/v3/memories/search/", "{'query': 'cricket', 'top_k': 1, 'filters': {'user_id': 'alice'}}")
                .path("results")).hasSize(1);
        assertThat(mem0.ok("POST", "/v3/memories/search/", "{'query': 'cricket', 'threshold': " + scores.get(1)
                + ", 'filters': {'user_id': 'alice'}}").path("results")).hasSize(2);
        assertThat(mem0.ok("POST", "/v3/memories/search/", "{'query': 'cricket', 'threshold': " + (scores.get(1) + 0.00005)
                + ", 'filters': {'user_id': 'alice'}}").path("results")).hasSize(scores.get(0) > scores.get(1) + 0.00005 ? 1 : 0);
        assertThat(mem0.ok("POST", "/v3/memories/search/", "{'query': 'cricket', 'filters': {'AND': [{'user_id': 'alice'},"
                + " {'metadata': {'src': 'b'}}]}}").path("results")).extracting(r -> r.path("memory").asText())
                .containsExactly("Watches cricket on TV");
        assertThat(mem0.ok("POST", "/v3/memories/search/", "{'query': 'cricket', 'filters': {'user_id': 'nobody'}}")
                .path("results")).isEmpty();
        JsonNode v2 = mem0.ok("POST", "/v2/memories/search/", "{'query': 'cricket', 'top_k': 2, 'filters': {'user_id': 'alice'}}");
        assertThat(v2.isArray()).isTrue();
        assertThat(v2).hasSize(2);
    }

    @Test
    void list_isPaginatedOldestFirst_withCountAndPageLinks() {
        StringBuilder messages = new StringBuilder("[");
        for (int i = 1; i <= 5; i++) {
            messages.append(i > 1 ? ", " : "").append("{'role': 'user', 'content': 'Fact number ").append(i).append("'}");
        }
        mem0.ok("POST", "/v3/memories/add/", "{'messages': " + messages + "], 'user_id': 'alice', 'infer': false}");

        JsonNode page2 = mem0.ok("POST", "/v3/memories/?page=2&page_size=2", "{'filters': {'user_id': 'alice'}}");
        assertThat(page2.path("count").asInt()).isEqualTo(5);
        assertThat(page2.path("results")).extracting(m -> m.path("memory").asText()).containsExactly("Fact number 3",
                "Fact number 4");
        assertThat(page2.path("next").asText()).endsWith("/v3/memories/?page=3&page_size=2");
        assertThat(page2.path("previous").asText()).endsWith("/v3/memories/?page=1&page_size=2");
        JsonNode last = mem0.ok("POST", "/v3/memories/", "{'filters': {'user_id': 'alice'}, 'page': 3, 'page_size': 2}");
        assertThat(last.path("results")).hasSize(1);
        assertThat(last.path("next").isNull()).isTrue();
        JsonNode nobody = mem0.ok("POST", "/v3/memories/", "{'filters': {'user_id': 'nobody'}}");
        assertThat(nobody.path("count").asInt()).isZero();
        assertThat(nobody.path("results")).isEmpty();
    }

    @Test
    void update_thenHistory_thenDelete_onOneMemoryById() {
        String id = mem0.ok("POST", "/v3/memories/add/", "{'messages': 'Likes cricket', 'user_id': 'alice', 'infer': false,"
                + " 'metadata': {'v': 1}}").path("results").get(0).path("id").asText();

        JsonNode updated = mem0.ok("PUT", "/v1/memories/" + id + "/", "{'text': 'Loves cricket', 'metadata': {'v': 2}}");
        assertThat(updated.path("memory").asText()).isEqualTo("Loves cricket");
        assertThat(updated.path("metadata").path("v").asInt()).isEqualTo(2);
        assertThat(mem0.ok("PUT", "/v1/memories/" + id + "/", "{'metadata': {'v': 3}}").path("memory").asText())
                .isEqualTo("Loves cricket");

        JsonNode history = mem0.ok("GET", "/v1/memories/" + id + "/history/", null);
        assertThat(history).extracting(c -> c.path("event").asText() + "|" + c.path("old_memory").asText(null) + "|"
                + c.path("new_memory").asText()).containsExactly("ADD|null|Likes cricket", "UPDATE|Likes cricket|Loves cricket");
        assertThat(history.get(0).path("memory_id").asText()).isEqualTo(id);
        assertThat(history.get(0).path("user_id").asText()).isEqualTo("alice");

        assertThat(mem0.ok("DELETE", "/v1/memories/" + id + "/", null).path("message").asText())
                .isEqualTo("Memory deleted successfully!");
        assertThat(mem0.fails(404, "GET", "/v1/memories/" + id + "/", null)).startsWith("Memory not found");
        mem0.fails(404, "GET", "/v1/memories/" + id + "/history/", null);
        mem0.fails(404, "DELETE", "/v1/memories/" + id + "/", null);
        assertThat(h.column("SELECT statement FROM facts")).isEmpty();
    }

    @Test
    void aContradiction_updatesTheFactInPlace_andTheHistoryShowsTheMessagesBehindIt() {
        mem0.addAndWait("alice", "[{'role': 'user', 'content': 'remember: Lives in York.'}]");
        h.fake.onTool("consolidate_facts", FakeReply.toolUse("consolidate_facts", "{\"decisions\": [{\"candidate\": 1,"
                + " \"action\": \"UPDATE\", \"known\": 1, \"statement\": \"Lives in Leeds.\"}]}"));

        mem0.addAndWait("alice", "[{'role': 'user', 'content': 'remember: Lives in Leeds.'}, {'role': 'assistant', 'content':"
                + " 'Welcome to Leeds!'}]");

        JsonNode memories = mem0.list("alice");
        assertThat(memories).extracting(m -> m.path("memory").asText()).containsExactly("Lives in Leeds.");
        JsonNode history = mem0.ok("GET", "/v1/memories/" + memories.get(0).path("id").asText() + "/history/", null);
        assertThat(history).extracting(c -> c.path("event").asText()).containsExactly("ADD", "UPDATE");
        assertThat(history.get(1).path("old_memory").asText()).isEqualTo("Lives in York.");
        assertThat(history.get(1).path("input").toString()).isEqualTo("[{\"role\":\"user\",\"content\":\"remember: Lives in"
                + " Leeds.\"},{\"role\":\"assistant\",\"content\":\"Welcome to Leeds!\"}]");
    }

    @Test
    void anImportedMemory_keepsItsMem0Id_onEveryRoute_forItsOwnTenantOnly() throws Exception {
        Mem0Import.Plan plan = Mem0Import.plan(Mem0ImportTest.jsExport(), Mem0ImportTest.pythonHistory(dir), null,
                false, Instant.now());
        UserId alice = h.tenants.resolveUser(h.store.tenants().tenantNamed("acme").orElseThrow(), UserId.of("alice"), Instant.now());
        new MemoryService(h.store, null, Clock.systemUTC()).importMemory(alice, plan.users().get(UserId.of("alice")));
        String cricket = "/v1/memories/" + Mem0ImportTest.CRICKET + "/";

        JsonNode memory = mem0.ok("GET", cricket, null);
        assertThat(memory.path("id").asText()).isEqualTo(Mem0ImportTest.CRICKET);
        assertThat(memory.path("memory").asText()).isEqualTo("Loves cricket");
        assertThat(memory.path("created_at").asText()).isEqualTo("2025-01-01T18:00:00Z");
        assertThat(mem0.list("alice")).extracting(m -> m.path("id").asText())
                .containsExactly(Mem0ImportTest.CRICKET, Mem0ImportTest.TEA);
        assertThat(mem0.ok("GET", cricket + "history/", null)).extracting(c -> c.path("event").asText() + "|"
                + c.path("memory_id").asText() + "|" + c.path("new_memory").asText()).containsExactly(
                "ADD|" + Mem0ImportTest.CRICKET + "|Likes cricket", "UPDATE|" + Mem0ImportTest.CRICKET + "|Loves cricket");
        assertThat(mem0.ok("PUT", cricket, "{'text': 'Plays cricket'}").path("id").asText()).isEqualTo(Mem0ImportTest.CRICKET);
        new Mem0Calls(h, h.key("globex")).fails(404, "GET", cricket, null);
        mem0.ok("DELETE", cricket, null);
        mem0.fails(404, "GET", cricket, null);
    }

    @Test
    void deleteAll_forOneUser_erasesEverythingOfThatUserOnly() {
        mem0.addAndWait("alice", "[{'role': 'user', 'content': 'remember: Likes cricket.'}]");
        mem0.addAndWait("bob", "[{'role': 'user', 'content': 'remember: Likes chess.'}]");

        assertThat(mem0.ok("DELETE", "/v1/memories/?user_id=alice", null).path("message").asText())
                .isEqualTo(Mem0Erase.DELETED);

        assertThat(mem0.list("alice")).isEmpty();
        assertThat(mem0.list("bob")).hasSize(1);
        assertThat(h.column("SELECT text FROM turns")).containsExactly("remember: Likes chess.");
        assertThat(h.column("SELECT external_id FROM tenant_users")).containsExactly("bob");
        assertThat(mem0.ok("DELETE", "/v1/memories/?user_id=alice", null).path("message").asText())
                .as("a user with nothing stored").isEqualTo(Mem0Erase.DELETED);
        assertThat(mem0.ok("DELETE", "/v2/entities/user/bob/", null).path("message").asText()).isNotEmpty();
        assertThat(h.column("SELECT statement FROM facts")).isEmpty();
    }

    @Test
    void openApi_listsTheMem0Routes_besideEngramsOwn() {
        com.fasterxml.jackson.databind.JsonNode paths = h.get(null, "/openapi.json").json().path("paths");

        assertThat(paths.has("/v1/users/{userId}/messages")).isTrue();
        assertThat(paths.path("/v3/memories/search").path("post").path("summary").asText()).startsWith("mem0:");
        com.fasterxml.jackson.databind.JsonNode byId = paths.path("/v1/memories/{memoryId}");
        assertThat(byId.has("get") && byId.has("put") && byId.has("delete")).as("%s", byId).isTrue();
        assertThat(byId.path("get").path("parameters").get(0).path("name").asText()).isEqualTo("memoryId");
        assertThat(paths.path("/v1/memories").has("post") && paths.path("/v1/memories").has("delete")).isTrue();
    }
}
