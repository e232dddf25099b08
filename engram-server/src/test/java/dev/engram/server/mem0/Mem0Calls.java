package dev.engram.server.mem0;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.server.ServerHarness;
import java.nio.charset.StandardCharsets;

/**
 * mem0 calls on a {@link ServerHarness}, sent as mem0's client sends them: {@code Authorization: Token KEY}
 * and JSON bodies. Bodies are written with single quotes for readability ({@code {'a': 1}}).
 */
final class Mem0Calls {
    private final ServerHarness h;
    private final String key;

    Mem0Calls(ServerHarness h, String key) {
        this.h = h;
        this.key = key;
    }

    static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    ServerHarness.Response call(String method, String path, String singleQuotedBody) {
        byte[] body = singleQuotedBody == null ? null : json(singleQuotedBody).getBytes(StandardCharsets.UTF_8);
        return h.sendAuthorized("Token " + key, method, path, body, null);
    }

    /** A call that must succeed with 200; returns its JSON. */
    JsonNode ok(String method, String path, String singleQuotedBody) {
        ServerHarness.Response r = call(method, path, singleQuotedBody);
        assertThat(r.status()).as("%s %s: %s", method, path, r.body()).isEqualTo(200);
        return r.json();
    }

    /** A call that must fail with {@code status} in mem0's error shape; returns the error message. */
    String fails(int status, String method, String path, String singleQuotedBody) {
        ServerHarness.Response r = call(method, path, singleQuotedBody);
        assertThat(r.status()).as("%s %s: %s", method, path, r.body()).isEqualTo(status);
        JsonNode error = r.json();
        assertThat(error.path("error").isTextual()).as("mem0 error shape: %s", r.body()).isTrue();
        assertThat(error.path("detail").asText()).isEqualTo(error.path("error").asText());
        return error.path("error").asText();
    }

    /** Adds messages for {@code user} with inference and waits until the background jobs ran. */
    JsonNode addAndWait(String user, String singleQuotedMessages) {
        JsonNode event = ok("POST", "/v3/memories/add/", "{'messages': " + singleQuotedMessages + ", 'user_id': '" + user + "'}");
        h.drain();
        return event;
    }

    /** The user's memories, as list shows them. */
    JsonNode list(String user) {
        return ok("POST", "/v3/memories/", "{'filters': {'user_id': '" + user + "'}}").path("results");
    }
}
