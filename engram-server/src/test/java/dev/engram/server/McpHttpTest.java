package dev.engram.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.memory.Fact;
import dev.engram.memory.UserId;
import dev.engram.tenant.ApiKeys;
import dev.engram.tenant.Tenant;
import dev.engram.testing.NodeMcpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MCP over Streamable HTTP at {@code /mcp} of the real server, driven by the official MCP client
 * (node, {@code StreamableHTTPClientTransport}) as two tenants: the walk-through of the tools and
 * resources, users per call and per session, and every way one tenant might reach another's users
 * (same user name, another's fact id, another's session id). The store is checked afterwards, on
 * SQLite and on PostgreSQL. Transcripts: {@code target/mcp-transcripts/http-*.txt}.
 */
class McpHttpTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void node() throws Exception {
        NodeMcpClient.prepare();
    }

    @Test
    void officialClient_overStreamableHttp_twoTenantsNeverReachEachOther_sqlite() throws Exception {
        try (ServerHarness h = ServerHarness.sqliteWithMcp(dir, List.of())) {
            session(h, "http-sqlite");
        }
    }

    @Test
    void officialClient_overStreamableHttp_twoTenantsNeverReachEachOther_postgres() throws Exception {
        try (ServerHarness h = ServerHarness.postgresWithMcp()) {
            session(h, "http-postgres");
        }
    }

    private void session(ServerHarness h, String transcript) throws Exception {
        String acme = h.key("acme");
        String globex = h.key("globex");

        NodeMcpClient.Run run = NodeMcpClient.session(transcript, Map.of("ENGRAM_KEY_A", acme, "ENGRAM_KEY_B", globex),
                "http", "http://127.0.0.1:" + h.server.port() + "/mcp");

        assertThat(run.allPassed()).as(run.output()).isTrue();
        assertThat(facts(h, acme, "alice")).containsExactly("Likes jasmine tea in the morning.");
        assertThat(facts(h, acme, "bob")).containsExactly("Bob plays chess.");
        assertThat(facts(h, globex, "alice")).containsExactly("Globex's alice likes coffee.");
        assertThat(user(h, globex, "bob")).as("globex never had a bob").isNull();
        assertThat(user(h, acme, "alice")).isNotEqualTo(user(h, globex, "alice"));
        // The JSON API sees what MCP stored, for the same tenant only.
        assertThat(h.get(acme, "/v1/users/alice/memories").body()).contains("jasmine").doesNotContain("coffee");
        assertThat(h.get(globex, "/v1/users/alice/memories").body()).contains("coffee").doesNotContain("jasmine");
    }

    @Test
    void hostHeader_onlyLoopbackNamesAndConfiguredOnesReachMcp_andTheJsonApiIsUnchanged() throws Exception {
        try (ServerHarness h = ServerHarness.sqliteWithMcp(dir, List.of("engram.example.com:*"))) {
            String key = h.key("acme");
            String initialize = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                    + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"0\"}}}";

            RawHttp.Reply rebound = post(h, "evil.example:" + h.server.port(), key, initialize);
            RawHttp.Reply configured = post(h, "engram.example.com", key, initialize);
            RawHttp.Reply loopback = post(h, "localhost:" + h.server.port(), key, initialize);
            RawHttp.Reply noKey = post(h, "localhost:" + h.server.port(), null, initialize);

            assertThat(rebound.status()).as(rebound.body()).isEqualTo(421);
            assertThat(configured.status()).as(configured.body()).isEqualTo(200);
            assertThat(configured.headers()).contains("mcp-session-id:");
            assertThat(loopback.status()).isEqualTo(200);
            assertThat(noKey.status()).isEqualTo(401);
            assertThat(noKey.errorCode()).isEqualTo("unauthorized");
            assertThat(h.get(key, "/healthz").status()).isEqualTo(200);
            assertThat(h.get(null, "/v1/users/alice/memories").status()).isEqualTo(401);
        }
    }

    private static RawHttp.Reply post(ServerHarness h, String host, String key, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        String head = "POST /mcp HTTP/1.1\r\nHost: " + host + "\r\n"
                + (key == null ? "" : "Authorization: Bearer " + key + "\r\n")
                + "Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\n"
                + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
        return RawHttp.exchange(h.server.port(), head, body, false);
    }

    private static UserId user(ServerHarness h, String key, String external) {
        Tenant tenant = h.tenants.tenantByKeyHash(ApiKeys.hash(key)).orElseThrow();
        return h.tenants.findUser(tenant, UserId.of(external)).orElse(null);
    }

    private static List<String> facts(ServerHarness h, String key, String external) {
        return h.store.facts(user(h, key, external), true).stream().map(Fact::statement).toList();
    }
}
