package dev.engram.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad input of every kind gets a 4xx with a JSON error, never a 5xx, and the server stays up. */
@Timeout(60)
class BadInputTest {
    @TempDir
    static Path dir;
    static ServerHarness h;
    static String key;

    @BeforeAll
    static void start() {
        h = ServerHarness.sqlite(dir);
        key = h.key("acme");
        assertThat(h.post(key, "/v1/users/alice/memories", "{\"text\":\"Likes tea.\"}").status()).isEqualTo(201);
    }

    @AfterAll
    static void stop() throws Exception {
        // Whatever came before, the server still answers a normal turn.
        assertThat(h.message(key, "alice", "still there?", null).status()).isEqualTo(200);
        assertThat(h.get(null, "/healthz").status()).isEqualTo(200);
        h.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"message\": ", "[1, 2]", "\"just a string\"", "null", "{\"message\": \"a\"} trailing",
            "{\"message\": 5}", "{\"msg\": \"hi\"}", "{}", "{\"message\": \"   \"}", "{\"message\": \"hi\", \"sessionId\": \"../../etc\"}",
            "{\"message\": \"hi\", \"sessionId\": 7}", ""})
    void malformedMessageBodies_are400WithJsonError(String body) {
        assertClientError(h.post(key, "/v1/users/alice/messages", body), 400);
    }

    @Test
    void invalidUtf8_is400() {
        byte[] body = "{\"message\": \"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
        ServerHarness.Response r = h.send(key, "POST", "/v1/users/alice/messages", body, null);
        assertClientError(r, 400);
        assertThat(r.errorCode()).isEqualTo("invalid_utf8");
    }

    @Test
    void hugeBody_is413() {
        byte[] body = new byte[2 * 1024 * 1024];
        Arrays.fill(body, (byte) 'a');
        System.arraycopy("{\"message\":\"".getBytes(), 0, body, 0, 12);
        ServerHarness.Response r = h.send(key, "POST", "/v1/users/alice/messages", body, null);
        assertClientError(r, 413);
    }

    @Test
    void messageLongerThanTheLimit_is400() {
        assertClientError(h.message(key, "alice", "x".repeat(5000), null), 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"%2e%2e", "..%2F..%2Fetc%2Fpasswd", "a%00b", "alice%2Fbob", "%C3%A5lice", "a%20b", "%2e",
            "a..b", "x%0Ay", "%FF%FE"})
    void pathLikeOrInvalidUserIds_are4xxWithJsonError(String id) {
        for (String path : List.of("/v1/users/" + id + "/memories", "/v1/users/" + id + "/export", "/v1/users/" + id)) {
            assertClientError(h.get(key, path), -1);
            assertClientError(h.delete(key, path), -1);
        }
        assertClientError(h.post(key, "/v1/users/" + id + "/messages", "{\"message\":\"hi\"}"), -1);
    }

    @Test
    void tooLongUserId_is400() {
        assertClientError(h.get(key, "/v1/users/" + "a".repeat(129) + "/memories"), 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "-1", "99999999999999999999", "1.5", "%2e%2e"})
    void badMemoryIds_are400(String id) {
        assertClientError(h.get(key, "/v1/users/alice/memories/" + id + "/history"), 400);
        assertClientError(h.delete(key, "/v1/users/alice/memories/" + id), 400);
        assertClientError(h.patch(key, "/v1/users/alice/memories/" + id, "{\"text\":\"x\"}"), 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"%21%21%21", "%20-%20", "."})
    void searchWithoutAWord_is400(String q) {
        assertClientError(h.get(key, "/v1/users/alice/memories?q=" + q), 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-3", "x", "100000", "1e3"})
    void badLimits_are400(String limit) {
        assertClientError(h.get(key, "/v1/users/alice/memories?limit=" + limit), 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"text\": \"\"}", "{\"text\": 3}", "{\"text\": \"ok\", \"extra\": 1}", "nope"})
    void badMemoryBodies_are400(String body) {
        assertClientError(h.post(key, "/v1/users/alice/memories", body), 400);
    }

    @Test
    void unknownRoutesAndMethods_areJson4xx() {
        assertClientError(h.get(key, "/v1/nothing/here"), -1);
        assertClientError(h.get(null, "/nothing"), 404);
        assertClientError(h.send(key, "PUT", "/v1/users/alice/memories", "{}".getBytes(), null), -1);
        assertClientError(h.get(key, "/v1/users/../../etc/passwd"), -1);
    }

    @Test
    void unknownMemoryOfKnownUser_is404() {
        assertClientError(h.get(key, "/v1/users/alice/memories/424242/history"), 404);
        assertClientError(h.patch(key, "/v1/users/alice/memories/424242", "{\"text\":\"x\"}"), 404);
    }

    private static void assertClientError(ServerHarness.Response r, int expected) {
        assertThat(r.status()).as("status of a bad request, body %s", r.body()).isBetween(400, 499);
        if (expected > 0) {
            assertThat(r.status()).as("body %s", r.body()).isEqualTo(expected);
        }
        assertThat(r.errorCode()).as("error code in %s", r.body()).isNotBlank();
        assertThat(r.json().path("error").path("message").asText()).isNotBlank();
    }
}
