package dev.engram.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code engram serve --port 0} in a child JVM, as an operator would start it, so that a test can
 * kill it the hard way. The environment starts empty apart from PATH and HOME, so that no real API
 * key reaches the child. Its standard error is kept for failure messages.
 */
final class ServeProcess implements AutoCloseable {
    private static final Pattern SERVING = Pattern.compile("engram: serving on (http://\\S+)");

    private final Process process;
    private final URI base;
    private final StringBuffer stderr;

    private ServeProcess(Process process, URI base, StringBuffer stderr) {
        this.process = process;
        this.base = base;
        this.stderr = stderr;
    }

    /** Starts the server and waits (up to {@code startSeconds}) for the line that names its address. */
    static ServeProcess start(Map<String, String> env, long startSeconds) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.engram.cli.Main", "serve", "--port", "0"));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().clear();
        pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        pb.environment().put("HOME", System.getProperty("java.io.tmpdir"));
        pb.environment().putAll(env);
        Process process = pb.start();
        StringBuffer stderr = new StringBuffer();
        pump(process.getErrorStream(), line -> stderr.append(line).append('\n'));
        CompletableFuture<URI> address = new CompletableFuture<>();
        pump(process.getInputStream(), line -> {
            Matcher m = SERVING.matcher(line);
            if (m.find()) {
                address.complete(URI.create(m.group(1)));
            }
        });
        try {
            return new ServeProcess(process, address.get(startSeconds, TimeUnit.SECONDS), stderr);
        } catch (TimeoutException | ExecutionException e) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("engram serve did not start within " + startSeconds + " s (exit "
                    + (process.isAlive() ? "none" : process.exitValue()) + "); stderr:\n" + stderr, e);
        }
    }

    URI base() {
        return base;
    }

    String stderr() {
        return stderr.toString();
    }

    /** Kills the process with SIGKILL (on Linux), giving it no chance to finish anything, and waits for it to die. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            throw new AssertionError("engram serve did not die within 20 s of SIGKILL");
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    private static void pump(InputStream in, java.util.function.Consumer<String> lines) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    lines.accept(line);
                }
            } catch (IOException e) {
                // The process died; what it printed so far is all there is.
            }
        }, "serve-process-output");
        t.setDaemon(true);
        t.start();
    }
}
