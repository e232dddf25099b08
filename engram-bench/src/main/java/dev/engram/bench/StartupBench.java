package dev.engram.bench;

import dev.engram.llm.fake.CapturedRequest;
import dev.engram.llm.fake.FakeMessagesServer;
import dev.engram.llm.fake.FakeReply;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Measures start-up as a user meets it: launches {@code engram chat} as a new process with its
 * first message already waiting on stdin, and times how long until that message's prompt reaches
 * the model server (a local fake). Each run uses a fresh data directory, so it includes creating
 * the database.
 */
public final class StartupBench {
    /** Start-to-first-prompt times of each run, in milliseconds. */
    public record Result(long[] millis) {
        public long median() {
            long[] s = millis.clone();
            Arrays.sort(s);
            return s[s.length / 2];
        }
    }

    private final List<String> command;

    /** @param command how to start Engram, e.g. {@code java -cp ... dev.engram.cli.Main} */
    public StartupBench(List<String> command) {
        this.command = List.copyOf(command);
    }

    public Result run(int runs, PrintStream progress) throws IOException, InterruptedException {
        long[] times = new long[runs];
        try (FakeMessagesServer fake = FakeMessagesServer.started()) {
            fake.fallback(r -> r.forcedTool().isPresent()
                    ? FakeReply.toolUse(r.forcedTool().get(), "{\"facts\":[],\"entities\":[],\"summary\":\"Said hello.\"}")
                    : FakeReply.text("Hello!"));
            for (int i = 0; i < runs; i++) {
                times[i] = once(fake, Files.createTempDirectory("engram-startup"));
                progress.println("run " + (i + 1) + ": " + times[i] + " ms");
            }
        }
        return new Result(times);
    }

    private long once(FakeMessagesServer fake, Path home) throws IOException, InterruptedException {
        int before = (int) fake.requests().stream().filter(CapturedRequest::isChat).count();
        List<String> args = new ArrayList<>(command);
        args.addAll(List.of("chat", "--user", "startup"));
        ProcessBuilder pb = new ProcessBuilder(args).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Map<String, String> env = pb.environment();
        env.put("ENGRAM_HOME", home.toString());
        env.put("ANTHROPIC_API_KEY", "bench");
        env.put("ANTHROPIC_BASE_URL", fake.baseUrl());
        env.remove("ENGRAM_DB_URL");
        long start = System.nanoTime();
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            in.write("hello\n".getBytes(StandardCharsets.UTF_8));
            in.flush();
            long elapsed;
            while (fake.requests().stream().filter(CapturedRequest::isChat).count() <= before) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("engram chat exited with status " + p.exitValue() + " before its first prompt");
                }
                if (System.nanoTime() - start > TimeUnit.SECONDS.toNanos(120)) {
                    p.destroyForcibly();
                    throw new IllegalStateException("no prompt within 120 s");
                }
                Thread.sleep(2);
            }
            elapsed = (System.nanoTime() - start) / 1_000_000;
            return elapsed;
        } finally {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }
}
