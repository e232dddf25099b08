package dev.engram.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.llm.fake.FakeMessagesServer;
import dev.engram.tenant.IssuedKey;
import dev.engram.testing.CliProcess;
import dev.engram.testkit.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A revoked key stops working at once in the process that revoked it, and within a second in
 * another process on the same database, although accepted keys are cached.
 */
@Timeout(180)
class KeyRevocationTest {
    @TempDir
    Path dir;

    @Test
    void keyRevokedInThisProcess_failsOnTheNextRequest() throws Exception {
        try (ServerHarness h = ServerHarness.sqlite(dir)) {
            IssuedKey key = h.tenants.createKey("acme", Instant.now());
            IssuedKey other = h.tenants.createKey("acme", Instant.now());
            assertThat(h.post(key.secret(), "/v1/users/alice/memories", "{\"text\":\"Likes tea.\"}").status()).isEqualTo(201);
            assertThat(h.get(key.secret(), "/v1/users/alice/memories").status()).as("cached now").isEqualTo(200);

            assertThat(h.tenants.revokeKey(key.keyId(), Instant.now())).isTrue();

            ServerHarness.Response r = h.get(key.secret(), "/v1/users/alice/memories");
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.errorCode()).isEqualTo("unauthorized");
            assertThat(h.get(other.secret(), "/v1/users/alice/memories").status()).as("the tenant's other key").isEqualTo(200);
        }
    }

    @Test
    void keyRevokedByAnotherProcess_failsWithinOneSecond() throws Exception {
        try (TestDatabase db = TestDatabase.postgres(); FakeMessagesServer fake = FakeMessagesServer.started()) {
            Map<String, String> env = CliProcess.env(dir.resolve("home"), fake.baseUrl());
            env.put("ENGRAM_DB_URL", db.url());
            env.put("ENGRAM_EMBEDDER", "none");
            CliProcess.Result created = CliProcess.run(env, null, 60, "keys", "create", "--tenant", "acme");
            assertThat(created.exitCode()).as(created.stderr()).isZero();
            String secret = created.stdout().strip().lines().reduce((a, b) -> b).orElseThrow();
            String keyId = created.stdout().lines().findFirst().orElseThrow().replaceAll("created key (\\d+) .*", "$1");

            try (ServeProcess server = ServeProcess.start(env, 60)) {
                HttpClient http = HttpClient.newHttpClient();
                assertThat(status(http, server.base(), secret)).isEqualTo(404); // no such user yet, but the key is accepted
                assertThat(status(http, server.base(), secret)).as("cached now").isEqualTo(404);

                CliProcess.Result revoked = CliProcess.run(env, null, 60, "keys", "revoke", keyId);
                assertThat(revoked.exitCode()).as(revoked.stderr()).isZero();
                // The promise under test: refused at most one second after the revocation (plus one poll).
                Await.until("the revoked key is refused", Duration.ofSeconds(1), () -> status(http, server.base(), secret) == 401);
            }
        }
    }

    private static int status(HttpClient http, URI base, String key) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/v1/users/alice/memories"))
                .header("Authorization", "Bearer " + key).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    }
}
