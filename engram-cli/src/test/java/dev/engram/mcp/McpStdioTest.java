package dev.engram.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.memory.Fact;
import dev.engram.memory.MemoryStore;
import dev.engram.memory.UserId;
import dev.engram.store.StoreFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.testing.CliProcess;
import dev.engram.testing.NodeMcpClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code engram mcp --user alice} in its own JVM, started and driven over stdio by the official MCP
 * client (node, {@code StdioClientTransport}), with the real e5 embedder; the store is checked
 * afterwards. The transcript is kept in {@code target/mcp-transcripts/stdio.txt}.
 */
class McpStdioTest {
    @TempDir
    Path home;

    @BeforeAll
    static void node() throws Exception {
        NodeMcpClient.prepare();
    }

    @Test
    void officialClient_overStdio_listsAddsSearchesAndForgets_andTheStoreHoldsWhatItLeft() throws Exception {
        NodeMcpClient.Run run = NodeMcpClient.session("stdio", Map.of(
                "ENGRAM_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "ENGRAM_CLASSPATH", System.getProperty("java.class.path"),
                "ENGRAM_HOME", home.toString()), "stdio");

        assertThat(run.allPassed()).as(run.output()).isTrue();
        assertThat(run.output()).contains("stdio >> {\"method\":\"initialize\"", "\"serverInfo\":{\"name\":\"engram\"",
                "stdio << {\"jsonrpc\":\"2.0\",\"id\":");
        try (MemoryStore store = StoreFactory.open("jdbc:sqlite:" + home.resolve("engram.db"), home)) {
            assertThat(store.facts(UserId.of("alice"), true)).extracting(Fact::statement)
                    .containsExactly("Likes jasmine tea in the morning.");
            assertThat(store.facts(UserId.of("alice"), true).get(0).embedding()).as("stored with its e5 embedding").hasSize(384);
            assertThat(store.users()).containsExactly(UserId.of("alice"));
        }
    }

    @Test
    void engramMcp_writesOnlyProtocolToStdout_andExitsZeroWhenItsInputEnds() throws Exception {
        String requests = String.join("\n",
                "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                        + "\"capabilities\":{},\"clientInfo\":{\"name\":\"shell\",\"version\":\"0\"}}}",
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}", "");
        Map<String, String> env = CliProcess.env(home, null);
        env.put("ENGRAM_EMBEDDER", "none");

        // CliProcess closes stdin after writing it and fails the test if the process is still running after 60 s.
        CliProcess.Result result = CliProcess.run(env, requests, 60, "mcp", "--user", "alice");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stderr()).contains("engram: MCP server on stdio for user alice");
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : result.stdout().split("\n")) {
            lines.add(json.readTree(line));
        }
        assertThat(lines).as(result.stdout()).allSatisfy(m -> assertThat(m.path("jsonrpc").asText()).isEqualTo("2.0"));
        assertThat(lines).extracting(m -> m.path("id").asInt()).containsExactlyInAnyOrder(0, 1);
    }

    @Test
    void engramMcp_withoutAValidUser_exitsWithUsageStatusAndPrintsNothingOnStdout() throws Exception {
        CliProcess.Result result = CliProcess.run(CliProcess.env(home, null), "", 60, "mcp", "--user", "../etc");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains("user id '../etc'");
        assertThat(result.stdout()).isEmpty();
    }
}
