package dev.engram.testing;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs {@code src/test/node/mcp/mcp-client.mjs}, the official MCP TypeScript SDK's client, with
 * {@code node}. The packages come from the committed {@code package-lock.json}: when
 * {@code node_modules} is missing, {@code npm ci} installs them first. Without node 18 or newer the
 * test is skipped with the reason, except on CI ({@code CI=true}), where it fails.
 */
public final class NodeMcpClient {
    /** The node project of the client. */
    public static final Path DIR = Path.of(System.getProperty("engram.root", "..")).resolve("engram-server/src/test/node/mcp").toAbsolutePath().normalize();
    /** Where the transcripts of the client's sessions are kept. */
    public static final Path TRANSCRIPTS = Path.of("target", "mcp-transcripts").toAbsolutePath();

    /** What one run of the client printed (every protocol message and every check) and how it ended. */
    public record Run(int exitCode, String output) {
        /** True when the client's closing line says that no check failed. */
        public boolean allPassed() {
            return exitCode == 0 && output.lines().anyMatch(l -> l.matches("\\d+ passed, 0 failed"));
        }
    }

    private NodeMcpClient() {}

    /** Makes sure node and the client's packages are there (see the class comment). */
    public static synchronized void prepare() throws IOException, InterruptedException {
        String version = node("--version");
        if (version == null || !version.matches("v(1[89]|[2-9]\\d)\\..*")) {
            String why = version == null ? "node is not installed" : "node " + version + " is older than 18";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(why + ": on CI (CI=true) the MCP client tests must run; .ci/run installs node and runs npm ci");
            }
            System.err.println("SKIPPING an MCP client test: " + why);
            Assumptions.abort("skipped: " + why);
        }
        if (!Files.isDirectory(DIR.resolve("node_modules").resolve("@modelcontextprotocol"))) {
            Run install = run(List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of(), 300);
            if (install.exitCode() != 0) {
                fail("npm ci in " + DIR + " failed (exit " + install.exitCode() + "):\n" + install.output());
            }
        }
    }

    /**
     * Runs the client with {@code args}, its environment holding only PATH, HOME and {@code env},
     * and keeps what it printed in {@code transcripts/NAME.txt}.
     */
    public static Run session(String name, Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("node", "mcp-client.mjs"));
        command.addAll(List.of(args));
        Run run = run(command, env, 240);
        Files.createDirectories(TRANSCRIPTS);
        Files.writeString(TRANSCRIPTS.resolve(name + ".txt"), run.output());
        return run;
    }

    private static Run run(List<String> command, Map<String, String> env, long timeoutSeconds)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(DIR.toFile()).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        pb.environment().put("HOME", System.getProperty("java.io.tmpdir"));
        pb.environment().putAll(env);
        Process p = pb.start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        p.getOutputStream().close();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            fail(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s; it printed:\n" + out.getNow("?"));
        }
        return new Run(p.exitValue(), out.join());
    }

    private static String node(String arg) throws InterruptedException {
        try {
            Process p = new ProcessBuilder("node", arg).redirectErrorStream(true).start();
            String v = read(p.getInputStream()).strip();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 ? v : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "<unreadable: " + e.getMessage() + ">";
        }
    }
}
