package dev.engram.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Engram command line running in a separate JVM that a test talks to while it runs: it writes
 * lines to its stdin, waits for text on its stdout or stderr, and sends it signals as a terminal
 * would (Ctrl-C is SIGINT). The environment is built as {@link CliProcess} builds it.
 */
public final class RunningCli implements AutoCloseable {
    private final Process process;
    private final OutputStream stdin;
    private final StringBuilder stdout = new StringBuilder();
    private final StringBuilder stderr = new StringBuilder();
    // The streams that reached their end; a wait for text on one of them can stop.
    private final java.util.Set<StringBuilder> ended = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private RunningCli(Process process) {
        this.process = process;
        this.stdin = process.getOutputStream();
        pump(process.getInputStream(), stdout, "stdout");
        pump(process.getErrorStream(), stderr, "stderr");
    }

    /** Starts {@code engram ARGS} with {@code env} added to an otherwise empty environment. */
    public static RunningCli start(Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.engram.cli.Main"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().clear();
        pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        pb.environment().put("HOME", System.getProperty("java.io.tmpdir"));
        pb.environment().putAll(env);
        return new RunningCli(pb.start());
    }

    /** Writes one line to the program's stdin, which stays open. */
    public void line(String text) throws IOException {
        stdin.write((text + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    /** Sends a signal by name ("INT" for Ctrl-C) with the system's kill command. */
    public void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new AssertionError("kill -" + name + " " + process.pid() + " failed");
        }
    }

    /** Waits until stdout contains {@code text}; fails with everything printed so far after {@code seconds}. */
    public void awaitStdout(String text, long seconds) throws InterruptedException {
        await(stdout, text, seconds);
    }

    /** Waits until stderr contains {@code text}. */
    public void awaitStderr(String text, long seconds) throws InterruptedException {
        await(stderr, text, seconds);
    }

    /** Waits for the program to exit and returns its status. */
    public int awaitExit(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("engram did not exit within " + seconds + " s; stdout:\n" + stdout() + "\nstderr:\n" + stderr());
        }
        return process.exitValue();
    }

    public String stdout() {
        synchronized (stdout) {
            return stdout.toString();
        }
    }

    public String stderr() {
        synchronized (stderr) {
            return stderr.toString();
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    private void await(StringBuilder buffer, String text, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        synchronized (buffer) {
            while (buffer.indexOf(text) < 0) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0 || ended.contains(buffer)) {
                    throw new AssertionError("never printed '" + text + "'; stdout:\n" + stdout() + "\nstderr:\n" + stderr());
                }
                buffer.wait(left);
            }
        }
    }

    /** Copies a stream of the program into {@code into} as it arrives, waking waiters; marks it ended at EOF. */
    private void pump(InputStream in, StringBuilder into, String name) {
        Thread t = new Thread(() -> {
            char[] chunk = new char[4096];
            try (var reader = new java.io.InputStreamReader(in, StandardCharsets.UTF_8)) {
                int n;
                while ((n = reader.read(chunk)) > 0) {
                    synchronized (into) {
                        into.append(chunk, 0, n);
                        into.notifyAll();
                    }
                }
            } catch (IOException e) {
                // the process ended
            } finally {
                synchronized (into) {
                    ended.add(into);
                    into.notifyAll();
                }
            }
        }, "engram-" + name);
        t.setDaemon(true);
        t.start();
    }
}
