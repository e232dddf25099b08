package dev.engram.server.mem0;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.server.ServerHarness;
import dev.engram.server.ServerSettings;
import dev.engram.server.TestDatabase;
import dev.engram.testkit.HashEmbedder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * mem0's own client, {@code mem0ai} 3.3.1 from npm, run by node against an Engram server on an
 * ephemeral port (real store, hybrid retrieval, the real extraction pipeline with the real SDK
 * talking to the fake model): the script {@code src/test/node/mem0/mem0-client-test.js} pings,
 * adds with and without inference, searches, lists, gets, updates, reads history, deletes and
 * deletes all, and checks that a second tenant's key sees nothing of the first's. The packages come
 * from the committed lockfile ({@code npm ci}); this test installs them when they are missing.
 * Without node it is skipped with a message, except on CI ({@code CI=true}), where it fails.
 */
class Mem0ClientTest {
    static final Path CLIENT_DIR = Path.of(System.getProperty("engram.root", "..")).resolve("engram-server/src/test/node/mem0").toAbsolutePath().normalize();
    private static final String VERSION = "3.3.1";
    private static final Duration LIMIT = Duration.ofMinutes(5);

    @TempDir
    Path dir;

    @Test
    void mem0sOwnClient_worksAgainstEngram() throws Exception {
        requireNode();
        installClientIfMissing();
        Path mem0Home = dir.resolve("mem0-home");
        try (ServerHarness h = new ServerHarness(TestDatabase.sqlite(dir), ServerSettings.defaults("127.0.0.1", 0),
                Duration.ofSeconds(5), 2, new HashEmbedder())) {
            Map<String, String> env = Map.of("ENGRAM_URL", "http://127.0.0.1:" + h.server.port(),
                    "ENGRAM_KEY", h.key("acme"), "ENGRAM_OTHER_KEY", h.key("globex"),
                    "MEM0_TELEMETRY", "false", "MEM0_DIR", mem0Home.toString());

            Run run = run(List.of("node", "mem0-client-test.js"), env);

            assertThat(run.exitCode()).as("mem0-client-test.js said:%n%s", run.output()).isZero();
            assertThat(run.output()).contains("ok a second tenant's key sees nothing of the first tenant's",
                    "ok delete all of the user", "all steps passed");
            assertThat(h.fake.toolRequests("record_memories")).as("the add went through Engram's extraction").isNotEmpty();
            assertThat(h.column("SELECT statement FROM facts")).as("delete-all erased the user").isEmpty();
        }
        assertThat(mem0Home).as("with telemetry off the client writes nothing").doesNotExist();
    }

    private record Run(int exitCode, String output) {}

    private static Run run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(CLIENT_DIR.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Path log = Files.createTempFile("engram-node-", ".log");
        builder.redirectOutput(log.toFile());
        Process process = builder.start();
        try {
            if (!process.waitFor(LIMIT.toMinutes(), TimeUnit.MINUTES)) {
                process.destroyForcibly();
                fail(String.join(" ", command) + " did not finish within " + LIMIT + ":\n" + Files.readString(log));
            }
            return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static void requireNode() throws InterruptedException {
        String why;
        try {
            Run version = run(List.of("node", "--version"), Map.of());
            if (version.exitCode() == 0) {
                return;
            }
            why = "node --version failed: " + version.output();
        } catch (IOException e) {
            why = "node is not installed (" + e.getMessage() + ")";
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(why + ": on CI (CI=true) the mem0 client test must run; install Node.js 18 or newer");
        }
        System.err.println("SKIPPING Mem0ClientTest: " + why);
        Assumptions.abort("skipped: " + why);
    }

    /** Runs {@code npm ci} from the committed lockfile unless mem0ai {@value #VERSION} is installed already. */
    private static void installClientIfMissing() throws IOException, InterruptedException {
        Path installed = CLIENT_DIR.resolve("node_modules/mem0ai/package.json");
        if (Files.exists(installed)
                && VERSION.equals(new ObjectMapper().readTree(installed.toFile()).path("version").asText())) {
            return;
        }
        // The peers (better-sqlite3 and others) serve only mem0ai/oss; MemoryClient needs none of them.
        Run install = run(List.of("npm", "ci", "--omit=peer", "--ignore-scripts", "--no-audit", "--no-fund"),
                Map.of("MEM0_TELEMETRY", "false"));
        assertThat(install.exitCode()).as("npm ci in %s said:%n%s", CLIENT_DIR, install.output()).isZero();
        assertThat(installed).as("npm ci installed mem0ai").exists();
    }
}
