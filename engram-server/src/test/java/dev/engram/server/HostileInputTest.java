package dev.engram.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.llm.fake.FakeReply;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a hostile probe of {@code engram serve} found: bodies framed to get past the size limit or
 * to break the reader, text the databases would change or refuse, a method override header,
 * upstream error text, unknown sessions. Each gets a JSON 4xx (or Engram's own 5xx message), loses
 * nothing stored, and leaves the server up.
 */
@Timeout(60)
class HostileInputTest {
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
        assertThat(h.message(key, "alice", "still there?", null).status()).isEqualTo(200);
        assertThat(memories()).contains("Likes tea.");
        h.close();
    }

    private static String head(String method, String path, String framing) {
        return method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + key
                + "\r\nContent-Type: application/json\r\n" + framing + "\r\n";
    }

    private static String memories() {
        return h.get(key, "/v1/users/alice/memories").body();
    }

    private static void assertJsonClientError(RawHttp.Reply r) {
        assertThat(r.status()).as("status, reply %s %s", r.headers(), r.body()).isBetween(400, 499);
        assertThat(r.headers()).contains("application/json");
        assertThat(r.errorCode()).isNotBlank();
        assertThat(r.json().path("error").path("message").asText()).isNotBlank();
    }

    @Test
    void chunkedBodyPastTheLimit_is413BeforeTheBodyEnds() {
        // 4 MiB offered in 64 KiB chunks with no last chunk: a reader that waits for the end never answers.
        RawHttp.Reply r = RawHttp.endlessChunked(h.server.port(),
                head("POST", "/v1/users/alice/memories", "Transfer-Encoding: chunked\r\n"), 64 * 1024, 64);
        assertJsonClientError(r);
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.errorCode()).isEqualTo("body_too_large");
    }

    @Test
    void chunkedBodyWithinTheLimit_isAccepted() {
        String json = "{\"text\":\"Plays the oboe.\"}";
        String body = Integer.toHexString(10) + "\r\n" + json.substring(0, 10) + "\r\n"
                + Integer.toHexString(json.length() - 10) + "\r\n" + json.substring(10) + "\r\n0\r\n\r\n";
        RawHttp.Reply r = RawHttp.exchange(h.server.port(), head("POST", "/v1/users/alice/memories",
                "Transfer-Encoding: chunked\r\n"), body.getBytes(StandardCharsets.UTF_8), true);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(memories()).contains("Plays the oboe.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ZZ\r\nabc\r\n0\r\n\r\n", "FFFFFFFFFFFF\r\nabc\r\n0\r\n\r\n", "5\r\n{\"tex\r\n", "3;\r\n{\"t\r\n0\r\n\r\n"})
    void brokenChunkedBodies_areJson4xx(String body) {
        RawHttp.Reply r = RawHttp.exchange(h.server.port(), head("POST", "/v1/users/alice/memories",
                "Transfer-Encoding: chunked\r\n"), body.getBytes(StandardCharsets.ISO_8859_1), true);
        assertJsonClientError(r);
    }

    @ParameterizedTest
    @ValueSource(ints = {100, 1000, 60_000})
    void contentLengthLongerThanTheBody_isJson400(int declared) {
        byte[] body = "{\"text\":\"cut off\"}".getBytes(StandardCharsets.UTF_8);
        RawHttp.Reply r = RawHttp.exchange(h.server.port(), head("POST", "/v1/users/alice/memories",
                "Content-Length: " + declared + "\r\n"), body, true);
        assertJsonClientError(r);
        assertThat(r.status()).isEqualTo(400);
        assertThat(memories()).doesNotContain("cut off");
    }

    @Test
    void unknownHttpVersion_hasItsOwnCode() {
        RawHttp.Reply r = RawHttp.exchange(h.server.port(), "GET /healthz HTTP/3.7\r\nHost: localhost\r\n\r\n", null, true);
        assertThat(r.status()).isEqualTo(505);
        assertThat(r.errorCode()).isEqualTo("http_version_not_supported");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\ud800", "\\udc00x", "ok \\ud83d", "\\ude00\\ud83d"})
    void loneSurrogates_are400NamingTheField_andNothingIsStored(String escaped) {
        ServerHarness.Response memory = h.post(key, "/v1/users/alice/memories", "{\"text\":\"Sur" + escaped + "\"}");
        assertThat(memory.status()).as(memory.body()).isEqualTo(400);
        assertThat(memory.errorCode()).isEqualTo("invalid_text");
        assertThat(memory.json().path("error").path("message").asText()).contains("'text'");
        ServerHarness.Response message = h.post(key, "/v1/users/alice/messages", "{\"message\":\"Sur" + escaped + "\"}");
        assertThat(message.status()).as(message.body()).isEqualTo(400);
        assertThat(message.json().path("error").path("message").asText()).contains("'message'");
        assertThat(memories()).doesNotContain("Sur");
        assertThat(h.column("SELECT text FROM turns WHERE text LIKE 'Sur%'")).isEmpty();
    }

    @Test
    void aPairedSurrogate_isStoredAsSent() {
        ServerHarness.Response r = h.post(key, "/v1/users/alice/memories", "{\"text\":\"Loves \\ud83c\\udf75.\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(memories()).contains("Loves \uD83C\uDF75.");
    }

    @Test
    void duplicateKeys_are400() {
        ServerHarness.Response r = h.post(key, "/v1/users/alice/memories", "{\"text\":\"first\",\"text\":\"second\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.errorCode()).isEqualTo("duplicate_field");
        assertThat(r.json().path("error").path("message").asText()).contains("'text'");
        assertThat(memories()).doesNotContain("second").doesNotContain("first");
    }

    @Test
    void methodOverrideHeader_isIgnored() {
        assertThat(h.post(key, "/v1/users/bob/memories", "{\"text\":\"Bob keeps bees.\"}").status()).isEqualTo(201);
        RawHttp.Reply r = RawHttp.exchange(h.server.port(), "POST /v1/users/bob HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Bearer " + key + "\r\nX-HTTP-Method-Override: DELETE\r\nContent-Length: 0\r\n\r\n", null, true);
        assertJsonClientError(r);
        assertThat(h.get(key, "/v1/users/bob/memories").body()).contains("Bob keeps bees.");
        RawHttp.Reply get = RawHttp.exchange(h.server.port(), "GET /v1/users/bob/memories HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Bearer " + key + "\r\nX-HTTP-Method-Override: DELETE\r\n\r\n", null, true);
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.body()).contains("Bob keeps bees.");
    }

    @Test
    void upstreamErrorText_staysInTheLog() {
        String secret = "upstream db-7.internal.corp trace 9f8e7d";
        h.fake.onChat(FakeReply.error(500, "api_error", secret), FakeReply.error(500, "api_error", secret),
                FakeReply.error(500, "api_error", secret));
        ServerHarness.Response r = h.message(key, "carol", "hello?", null);
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.body()).doesNotContain("db-7").doesNotContain("9f8e7d");
        h.fake.onChat(FakeReply.error(400, "invalid_request_error", secret));
        ServerHarness.Response refused = h.message(key, "carol", "hello again?", null);
        assertThat(refused.status()).isEqualTo(502);
        assertThat(refused.body()).doesNotContain("db-7").doesNotContain("9f8e7d");
        h.fake.onChat(FakeReply.error(500, "api_error", secret), FakeReply.error(500, "api_error", secret),
                FakeReply.error(500, "api_error", secret));
        ServerHarness.Response streamed = h.send(key, "POST", "/v1/users/carol/messages",
                "{\"message\":\"stream?\"}".getBytes(StandardCharsets.UTF_8), "text/event-stream");
        assertThat(streamed.body()).doesNotContain("db-7").doesNotContain("9f8e7d");
    }

    @Test
    void endingASessionThatNeverExisted_is404() {
        ServerHarness.Response r = h.post(key, "/v1/users/alice/sessions/no-such-session/end", "");
        assertThat(r.status()).as(r.body()).isEqualTo(404);
        assertThat(r.errorCode()).isEqualTo("not_found");
        String session = h.message(key, "alice", "a real session", null).json().path("sessionId").asText();
        assertThat(h.post(key, "/v1/users/alice/sessions/" + session + "/end", "").status()).isEqualTo(200);
    }
}
