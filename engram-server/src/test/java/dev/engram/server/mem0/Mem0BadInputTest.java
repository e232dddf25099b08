package dev.engram.server.mem0;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.server.ServerHarness;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of bad mem0 request gets a mem0-style JSON error ({@code error} and {@code detail})
 * with the right 4xx status, says what to change, and loses nothing stored: each test checks the
 * database is as it was.
 */
@Timeout(60)
class Mem0BadInputTest {
    @TempDir
    Path dir;
    ServerHarness h;
    String key;
    Mem0Calls mem0;
    String memoryId;

    @BeforeEach
    void start() {
        h = ServerHarness.sqlite(dir);
        key = h.key("acme");
        mem0 = new Mem0Calls(h, key);
        memoryId = mem0.ok("POST", "/v3/memories/add/", "{'messages': 'Likes cricket', 'user_id': 'alice', 'infer': false}")
                .path("results").get(0).path("id").asText();
    }

    @AfterEach
    void stop() throws Exception {
        h.close();
    }

    /** Everything stored, to compare before and after a refused request. */
    private List<String> stored() {
        return List.of(String.join("|", h.column("SELECT statement || attributes FROM facts ORDER BY id")),
                String.join("|", h.column("SELECT text FROM turns ORDER BY id")),
                String.join("|", h.column("SELECT external_id FROM tenant_users ORDER BY external_id")),
                String.join("|", h.column("SELECT type FROM jobs ORDER BY id")));
    }

    private void refused(int status, String method, String path, String body, String messagePart) {
        List<String> before = stored();
        assertThat(mem0.fails(status, method, path, body)).as("%s %s %s", method, path, body).contains(messagePart);
        assertThat(stored()).as("nothing changed by %s %s %s", method, path, body).isEqualTo(before);
    }

    @Test
    void add_badBodies_areRefusedNamingTheProblem() {
        String add = "/v3/memories/add/";
        refused(400, "POST", add, "{'messages': [{'role': 'user', 'content': 'hi'}], 'user_id': 'bob', 'colour': 'red'}",
                "unknown field 'colour'");
        refused(400, "POST", add, "{'messages': [{'role': 'user', 'content': 'hi', 'name': 'B'}], 'user_id': 'bob'}",
                "unknown field 'messages[0].name'");
        refused(400, "POST", add, "{'messages': [{'role': 'system', 'content': 'be brief'}], 'user_id': 'bob'}",
                "Engram records no system messages");
        refused(400, "POST", add, "{'messages': [{'role': 'assistant', 'content': 'Hello'}], 'user_id': 'bob'}",
                "no message with role 'user'");
        refused(400, "POST", add, "{'messages': [], 'user_id': 'bob'}", "'messages' is required");
        refused(400, "POST", add, "{'messages': {'role': 'user'}, 'user_id': 'bob'}", "must be a list");
        refused(400, "POST", add, "{'messages': [{'role': 'user', 'content': {'type': 'image_url'}}], 'user_id': 'bob'}",
                "must be a string");
        refused(400, "POST", add, "{'messages': [{'role': 'user', 'content': '   '}], 'user_id': 'bob'}", "must not be empty");
        refused(400, "POST", add, "{'messages': 'hi'}", "'user_id' is required");
        refused(400, "POST", add, "{'messages': 'hi', 'user_id': '../etc'}", "user id");
        refused(400, "POST", add, "{'messages': 'hi', 'user_id': '*'}", "every user");
        refused(400, "POST", add, "{'messages': 'hi', 'user_id': 'bob', 'infer': 'yes'}", "'infer' must be true or false");
        refused(400, "POST", add, "{'messages': 'hi', 'user_id': 'bob', 'metadata': [1]}", "'metadata' must be an object");
        refused(400, "POST", add, "{'messages': 'hi', 'user_id': 'bob', 'metadata': {'a\\u0000': 1}}", "(a key) contains a NUL");
        refused(400, "POST", add, "{'messages': 'hi', 'user_id': 'bob', 'agent_id': 'bot'}", "per user");
        refused(400, "POST", add, "{'messages': 'hi', 'user_id': 'bob', 'custom_categories': [{'a': 'b'}]}", "no categories");
        refused(400, "POST", add, "{'messages': 'hi', 'user_id': 'bob', 'async_mode': false}", "async_mode");
        refused(400, "POST", add, "{'messages': 'hi', 'user_id': 'bob', 'org_id': 'globex'}", "'org_id' must be 'acme'");
        refused(400, "POST", add, "{'messages': '" + "x".repeat(1001) + "', 'user_id': 'bob', 'infer': false}",
                "at most 1000");
        refused(400, "POST", add, "{'messages': '" + "x".repeat(4001) + "', 'user_id': 'bob'}", "at most 4000");
        refused(400, "POST", add, "{'messages': 'hi', 'user_id': 'bob', 'user_id': 'eve'}", "appears more than once");
        refused(400, "POST", add, "{'messages': 'hi', ", "not valid JSON");
    }

    @Test
    void searchAndList_badFiltersAndOptions_areRefused() {
        String search = "/v3/memories/search/";
        refused(400, "POST", search, "{'query': 'cricket'}", "filters are required");
        refused(400, "POST", search, "{'query': 'cricket', 'filters': {}}", "filters are required");
        refused(400, "POST", search, "{'query': 'cricket', 'filters': {'userId': 'alice'}}", "snake_case");
        refused(400, "POST", search, "{'query': 'cricket', 'filters': {'OR': [{'user_id': 'alice'}]}}", "'filters.OR'");
        refused(400, "POST", search, "{'query': 'cricket', 'filters': {'user_id': {'in': ['a', 'b']}}}", "operators");
        refused(400, "POST", search, "{'query': 'cricket', 'filters': {'AND': [{'user_id': 'alice'}, {'user_id': 'bob'}]}}",
                "two users");
        refused(400, "POST", search, "{'query': 'cricket', 'filters': {'agent_id': 'bot'}}", "per user");
        refused(400, "POST", search, "{'query': 'cricket', 'user_id': 'alice'}", "name the user in filters");
        refused(400, "POST", search, "{'query': ' ', 'filters': {'user_id': 'alice'}}", "'query' must not be empty");
        refused(400, "POST", search, "{'query': 'cricket', 'top_k': 0, 'filters': {'user_id': 'alice'}}", "'top_k'");
        refused(400, "POST", search, "{'query': 'cricket', 'threshold': 2, 'filters': {'user_id': 'alice'}}", "'threshold'");
        refused(400, "POST", search, "{'query': 'cricket', 'show_expired': true, 'filters': {'user_id': 'alice'}}",
                "show_expired");
        refused(400, "POST", search + "?top_k=3", "{'query': 'cricket', 'filters': {'user_id': 'alice'}}",
                "unknown query parameter 'top_k'");
        refused(400, "POST", "/v2/memories/search/", "{'query': 'cricket', 'filters': {'user_id': '*'}}", "every user");
        refused(400, "POST", "/v3/memories/", "{}", "filters are required");
        refused(400, "POST", "/v3/memories/?page_size=500", "{'filters': {'user_id': 'alice'}}", "'page_size'");
        refused(400, "POST", "/v3/memories/?page=abc", "{'filters': {'user_id': 'alice'}}", "'page'");
        refused(400, "POST", "/v3/memories/?page=1&page=2", "{'filters': {'user_id': 'alice'}}", "given 2 times");
        refused(400, "POST", "/v3/memories/", "{'filters': {'user_id': 'alice'}, 'start_date': '2025-01-01'}", "by date");
    }

    @Test
    void byId_badIdsAndUpdates_areRefused() {
        String one = "/v1/memories/" + memoryId + "/";
        refused(400, "GET", "/v1/memories/not%20an%20id/", null, "memory_id should be");
        refused(404, "GET", "/v1/memories/99999/", null, "Memory not found");
        refused(404, "GET", "/v1/memories/0b7a3c5e-1f2d-4c9a-9a51-2f6f3b1b9a10/", null, "Memory not found");
        refused(400, "PUT", one, "{}", "send text, metadata or both");
        refused(400, "PUT", one, "{'text': '  '}", "'text' must not be empty");
        refused(400, "PUT", one, "{'text': 'x', 'timestamp': '2025-01-01T00:00:00Z'}", "'timestamp'");
        refused(400, "PUT", one, "{'text': 'x', 'expiration_date': '2026-01-01'}", "do not expire");
        refused(400, "PUT", one, "{'memory': 'x'}", "unknown field 'memory'");
        refused(400, "DELETE", one + "?delete_linked=maybe", null, "delete_linked");
        refused(400, "GET", one + "?fields=id", null, "unknown query parameter 'fields'");
        assertThat(mem0.ok("PUT", one, "{'text': 'Loves cricket', 'expiration_date': null}").path("memory").asText())
                .isEqualTo("Loves cricket");
    }

    @Test
    void deleteAll_withoutAUserOrForEveryUserOrAnotherScope_isRefusedAndErasesNothing() {
        refused(400, "DELETE", "/v1/memories/", null, "never erases every user");
        refused(400, "DELETE", "/v1/memories/?user_id=", null, "never erases every user");
        refused(400, "DELETE", "/v1/memories/?user_id=*", null, "every user");
        refused(400, "DELETE", "/v1/memories/?agent_id=bot", null, "per user");
        refused(400, "DELETE", "/v1/memories/?user_id=alice&run_id=r1", null, "per user");
        refused(400, "DELETE", "/v1/memories/?user_id=alice&force=1", null, "unknown query parameter 'force'");
        refused(400, "DELETE", "/v2/entities/agent/bot/", null, "per user");
        assertThat(mem0.list("alice")).hasSize(1);
    }

    @Test
    void unknownRoutesWrongMethodsAndKeys_getMem0StyleErrors() {
        refused(404, "GET", "/v1/entities/", null, "Not found: GET /v1/entities/ is not a mem0 route Engram serves");
        refused(404, "POST", "/v1/batch/", "{}", "Not found: POST /v1/batch/");
        refused(404, "GET", "/v3/memories/unknown/path/", null, "Not found");
        refused(405, "PATCH", "/v1/memories/" + memoryId + "/", "{'text': 'x'}", "takes GET or PUT or DELETE");
        refused(405, "GET", "/v3/memories/add/", null, "takes POST");
        ServerHarness.Response wrongMethod = mem0.call("PATCH", "/v1/memories/" + memoryId + "/", "{}");
        assertThat(wrongMethod.headers().get("allow")).containsExactly("GET, PUT, DELETE");

        for (String authorization : new String[] {null, "Token nope", "Basic " + key, "Token"}) {
            ServerHarness.Response r = h.sendAuthorized(authorization, "GET", "/v1/ping/", null, null);
            assertThat(r.status()).as(String.valueOf(authorization)).isEqualTo(401);
            assertThat(r.json().path("detail").asText()).contains("Authorization: Token <key>");
            assertThat(r.headers().get("www-authenticate")).containsExactly("Token");
        }
        ServerHarness.Response unknownWithoutKey = h.sendAuthorized(null, "GET", "/v1/exports/", null, null);
        assertThat(unknownWithoutKey.status()).as("an unknown mem0 route still needs a key").isEqualTo(401);
    }

    @Test
    void tooLargeBody_is413InMem0Shape() {
        byte[] big = ("{\"messages\": \"" + "x".repeat(70_000) + "\", \"user_id\": \"bob\"}").getBytes(StandardCharsets.UTF_8);
        ServerHarness.Response r = h.sendAuthorized("Token " + key, "POST", "/v3/memories/add/", big, null);
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.json().path("error").asText()).contains("larger than");
        assertThat(h.column("SELECT external_id FROM tenant_users")).containsExactly("alice");
    }

    @Test
    void theTokenScheme_isForMem0RoutesOnly_engramsOwnApiStillWantsBearer() {
        ServerHarness.Response token = h.sendAuthorized("Token " + key, "GET", "/v1/users/alice/memories", null, null);
        assertThat(token.status()).isEqualTo(401);
        assertThat(token.errorCode()).isEqualTo("unauthorized");
        assertThat(token.headers().get("www-authenticate")).containsExactly("Bearer");
        ServerHarness.Response bearer = h.get(key, "/v1/users/alice/memories");
        assertThat(bearer.status()).isEqualTo(200);
        assertThat(bearer.json().path("memories").get(0).path("text").asText()).isEqualTo("Likes cricket");
        ServerHarness.Response unknown = h.get(key, "/v1/nothing-here");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.errorCode()).as("Engram's own error shape off the mem0 prefixes").isEqualTo("not_found");
    }
}
