package dev.engram.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the Engram command line in a separate JVM, as a user would from a shell: its own process,
 * environment and standard input. The environment starts empty apart from PATH and HOME so
 * that no real API key leaks into a test.
 */
public final class CliProcess {
    /** What a run printed and how it ended. */
    public record Result(int exitCode, String stdout, String stderr) {}

    private CliProcess() {}

    public static Result run(Map<String, String> env, String stdin, long timeoutSeconds, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("dev.engram.cli.Main");
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> e = pb.environment();
        e.clear();
        e.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        e.put("HOME", System.getProperty("java.io.tmpdir"));
        e.putAll(env);
        Process p = pb.start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("engram " + String.join(" ", args) + " did not finish within " + timeoutSeconds
                    + " s; stderr so far: " + err.getNow("?"));
        }
        return new Result(p.exitValue(), out.join(), err.join());
    }

    /** An environment for a run against a fake model server, with its own data directory. */
    public static Map<String, String> env(Path home, String baseUrl) {
        Map<String, String> env = new HashMap<>();
        env.put("ENGRAM_HOME", home.toString());
        if (baseUrl != null) {
            env.put("ANTHROPIC_API_KEY", "test-key");
            env.put("ANTHROPIC_BASE_URL", baseUrl);
        }
        env.put("ENGRAM_MODEL_RETRIES", "0");
        return env;
    }

    private static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "<unreadable: " + e.getMessage() + ">";
        }
    }
}
