package dev.engram.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.llm.fake.FakeReply;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operations endpoints: {@code /metrics} shows no tenant, user or text and can sit behind its
 * own token; {@code GET /v1/jobs} shows a tenant the jobs of its own users, with their errors, and
 * never another tenant's.
 */
@Timeout(60)
class OperationsTest {
    private static final String TOKEN = "metrics-token-0123456789";

    @TempDir
    Path dir;

    @Test
    void metrics_revealNoTenantUserOrText() throws Exception {
        try (ServerHarness h = ServerHarness.sqlite(dir)) {
            String key = h.key("acmeprivatetenant");
            h.post(key, "/v1/users/carolprivateid/memories", "{\"text\":\"memorysecretwords\"}");
            h.message(key, "carolprivateid", "messagesecretwords", null);
            h.get(key, "/v1/users/davesecretid/memories/12345/history");
            h.get(key, "/no/such/secretpath");
            h.get("bad-key-secretkeytext", "/v1/users/carolprivateid/memories");
            h.post(key, "/v1/users/carolprivateid/memories", "{\"bodysecretfield\":1}");

            String metrics = h.get(null, "/metrics").body();

            assertThat(metrics).contains("engram_http_requests_total");
            for (String secret : new String[] {"acmeprivatetenant", "carolprivateid", "memorysecretwords", "messagesecretwords",
                    "davesecretid", "12345", "secretpath", "secretkeytext", "bodysecretfield"}) {
                assertThat(metrics).as("/metrics shows '%s'", secret).doesNotContain(secret);
            }
        }
    }

    @Test
    void metricsToken_whenSet_isRequired() throws Exception {
        try (ServerHarness h = new ServerHarness(TestDatabase.sqlite(dir),
                ServerSettings.defaults("127.0.0.1", 0).withMetricsToken(TOKEN), Duration.ofSeconds(5), 2)) {
            ServerHarness.Response none = h.get(null, "/metrics");
            assertThat(none.status()).isEqualTo(401);
            assertThat(none.errorCode()).isEqualTo("unauthorized");
            assertThat(h.get("wrong-token-0123456789", "/metrics").status()).isEqualTo(401);
            String tenantKey = h.key("acme");
            assertThat(h.get(tenantKey, "/metrics").status()).as("a tenant key is not the metrics token").isEqualTo(401);
            ServerHarness.Response ok = h.get(TOKEN, "/metrics");
            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.body()).contains("engram_http_requests_total");
            assertThat(h.get(null, "/healthz").status()).as("health stays open").isEqualTo(200);
        }
    }

    @Test
    void metricsToken_tooShort_isRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ServerSettings.defaults("127.0.0.1", 0).withMetricsToken("short"))
                .hasMessageContaining("ENGRAM_METRICS_TOKEN");
    }

    @Test
    void deadJobs_areListedForTheirOwnTenantOnly_withoutTheModelServersWords() throws Exception {
        try (ServerHarness h = ServerHarness.sqlite(dir)) {
            String acme = h.key("acme");
            String other = h.key("globex");
            String upstream = "backend shard-9.internal trace 77aa";
            // A 400 is not retried: the job is dead at once.
            h.fake.onTool("record_memories", FakeReply.error(400, "invalid_request_error", upstream));
            assertThat(h.message(acme, "alice", "remember: I keep bees", null).status()).isEqualTo(200);
            h.drain();
            assertThat(h.message(other, "alice", "hello", null).status()).isEqualTo(200);
            h.drain();

            JsonNode acmeJobs = h.get(acme, "/v1/jobs?state=dead").json().path("jobs");
            assertThat(acmeJobs).hasSize(1);
            JsonNode job = acmeJobs.get(0);
            assertThat(job.path("userId").asText()).isEqualTo("alice");
            assertThat(job.path("type").asText()).isEqualTo("extract");
            assertThat(job.path("state").asText()).isEqualTo("dead");
            assertThat(job.path("error").asText()).contains("HTTP 400").doesNotContain("shard-9").doesNotContain("77aa");
            assertThat(h.get(acme, "/v1/jobs?state=dead").body()).doesNotContain("t-");

            assertThat(h.get(other, "/v1/jobs?state=dead").json().path("jobs")).isEmpty();
            assertThat(h.get(other, "/v1/jobs?state=all").json().path("jobs")).hasSize(1)
                    .allSatisfy(j -> assertThat(j.path("state").asText()).isEqualTo("done"));
            assertThat(h.get(acme, "/v1/jobs?state=bogus").status()).isEqualTo(400);
            assertThat(h.get(acme, "/v1/jobs?limit=0").status()).isEqualTo(400);
            assertThat(h.get(null, "/v1/jobs").status()).isEqualTo(401);
        }
    }

    @Test
    void metrics_countMcpRequests_refusedOnesToo() throws Exception {
        try (ServerHarness h = ServerHarness.sqliteWithMcp(dir, List.of())) {
            ServerHarness.Response refused = h.send(null, "POST", "/mcp", "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    "application/json, text/event-stream");
            assertThat(refused.status()).isEqualTo(401);

            String metrics = h.get(null, "/metrics").body();

            assertThat(metrics).contains("engram_http_requests_total{method=\"POST\",route=\"/mcp\",status=\"401\"} 1");
        }
    }
}
