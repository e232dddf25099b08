package dev.engram.cli;

import dev.engram.app.Config;
import dev.engram.app.Wiring;
import dev.engram.bench.GateTrainer;
import dev.engram.bench.LocomoBench;
import dev.engram.bench.PromptBench;
import dev.engram.bench.StartupBench;
import dev.engram.bench.UsersBench;
import dev.engram.embedding.Embedder;
import dev.engram.embedding.FusionSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code engram bench ...}: the benchmarks whose figures docs/BENCHMARKS.md records. */
@Command(name = "bench", description = "Run a benchmark.",
        subcommands = {BenchCommand.Locomo.class, BenchCommand.Gate.class, BenchCommand.Prompt.class, BenchCommand.Startup.class, BenchCommand.Users.class,
                LoadBenchCommand.class, EraseBenchCommand.class, picocli.CommandLine.HelpCommand.class})
final class BenchCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        return Main.missingSubcommand(spec);
    }

    /**
     * The configuration for a benchmark: the environment's settings with a new temporary home and
     * no configured database, so that no benchmark reads or writes the user's memory.
     */
    static Config scratchConfig(String prefix) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.remove("ENGRAM_DB_URL");
        try {
            return Config.fromEnv(env).withHome(Files.createTempDirectory(prefix));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot create a temporary directory", e);
        }
    }

    @Command(name = "locomo", description = "Evidence recall on LOCOMO-format data for the hybrid, BM25 and dense retrievers"
            + " (embedder from ENGRAM_EMBEDDER).")
    static final class Locomo implements Callable<Integer> {
        @Option(names = "--data", required = true, description = "A LOCOMO-format JSON file.")
        Path data;

        @Option(names = "--out", description = "Write the figures as JSON here.")
        Path out;

        @Option(names = "--speaker-weight", description = "Override the hybrid ranking's named-speaker lift (0..1).")
        Float speakerWeight;

        @Option(names = "--length-penalty", description = "Override the hybrid ranking's length penalty (0..1).")
        Float lengthPenalty;

        @Override
        public Integer call() {
            if (!Files.isRegularFile(data)) {
                throw new IllegalArgumentException("no such data file: " + data);
            }
            try (Wiring wiring = new Wiring(scratchConfig("engram-bench-locomo"))) {
                Embedder embedder = requireEmbedder(wiring, "the LOCOMO benchmark");
                unit("--speaker-weight", speakerWeight);
                unit("--length-penalty", lengthPenalty);
                FusionSettings tuned = embedder.fusion();
                FusionSettings settings = tuned.withCues(speakerWeight != null ? speakerWeight : tuned.speakerWeight(),
                        lengthPenalty != null ? lengthPenalty : tuned.lengthPenalty());
                return LocomoBench.run(data, out, embedder, wiring.gate(), settings, System.out, System.err);
            }
        }
    }

    private static Embedder requireEmbedder(Wiring wiring, String what) {
        Embedder embedder = wiring.embedder();
        if (embedder == null) {
            throw new IllegalArgumentException(what + " needs an embedder; set ENGRAM_EMBEDDER to e5 or minilm");
        }
        return embedder;
    }

    private static void unit(String option, Float value) {
        if (value != null && !(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(option + " must be between 0 and 1, was " + value);
        }
    }

    @Command(name = "gate", description = "Train and measure the extraction gate on LOCOMO-format data,"
            + " leave one conversation out (embedder from ENGRAM_EMBEDDER).")
    static final class Gate implements Callable<Integer> {
        @Option(names = "--data", required = true, description = "A LOCOMO-format JSON file.")
        Path data;

        @Option(names = "--train-out", description = "Write weights fitted on all conversations here.")
        Path trainOut;

        @Option(names = "--recall", defaultValue = "95", description = "Recall of cited turns to keep on the training"
                + " conversations, percent (default 95).")
        double recall;

        @Option(names = "--with-embedding", description = "Also use each turn's embedding (from ENGRAM_EMBEDDER).")
        boolean withEmbedding;

        @Option(names = "--cache", description = "Cache the turn embeddings in this directory.")
        Path cache;

        @Override
        public Integer call() {
            try (Wiring wiring = new Wiring(scratchConfig("engram-bench-gate"))) {
                Embedder embedder = requireEmbedder(wiring, "gate training");
                List<String> args = new ArrayList<>(List.of("--data", data.toString(),
                        "--recall", Double.toString(recall)));
                if (trainOut != null) {
                    args.addAll(List.of("--train-out", trainOut.toString()));
                }
                if (withEmbedding) {
                    args.add("--with-embedding");
                }
                if (cache != null) {
                    args.addAll(List.of("--cache", cache.toString()));
                }
                return GateTrainer.run(args.toArray(String[]::new), embedder, wiring.embedderName(),
                        System.out, System.err);
            }
        }
    }

    @Command(name = "prompt", description = "Latency of retrieve + assemble for a user with many facts and summaries.")
    static final class Prompt implements Callable<Integer> {
        @Option(names = "--facts", defaultValue = "1000") int facts;
        @Option(names = "--summaries", defaultValue = "100") int summaries;
        @Option(names = "--iterations", defaultValue = "2000") int iterations;

        @Override
        public Integer call() throws Exception {
            Config config = scratchConfig("engram-bench-prompt");
            try (Wiring wiring = new Wiring(config)) {
                PromptBench bench = new PromptBench(wiring.store(), wiring.relevantMemory(), wiring.embedder(), wiring.tokens());
                PromptBench.Result r = bench.run(facts, summaries, iterations, System.err);
                System.out.printf("retrieve+assemble, %d facts, %d summaries, %d runs (store: %s)%n", r.facts(), r.summaries(),
                        r.iterations(), config.dbUrl() == null ? "SQLite" : config.dbUrl().replaceAll("\\?.*", ""));
                System.out.printf("  message embedding precomputed: median %.2f ms, p95 %.2f ms%n", r.medianMicros() / 1000.0, r.p95Micros() / 1000.0);
                System.out.printf("  message embedding included:    median %.2f ms, p95 %.2f ms%n",
                        r.medianWithEmbeddingMicros() / 1000.0, r.p95WithEmbeddingMicros() / 1000.0);
                System.out.printf("  memory block: %.0f tokens on average%n", r.memoryTokens());
            }
            return 0;
        }
    }

    @Command(name = "users", description = "Heap after serving many users once each: per-user state must stay bounded.")
    static final class Users implements Callable<Integer> {
        @Option(names = "--users", defaultValue = "10000") int users;
        @Option(names = "--facts", defaultValue = "20") int facts;
        @Option(names = "--turns", defaultValue = "20") int turns;
        @Option(names = "--index-cache-mb", defaultValue = "256",
                description = "The bound of the per-user index cache (the product's default is 256).") long cacheMb;

        @Override
        public Integer call() {
            Config config = scratchConfig("engram-bench-users");
            dev.engram.Engram engram = dev.engram.Engram.builder()
                    .home(config.home())
                    .storeOption("sqlite.synchronous", "normal")
                    .embedder("none")
                    .settings(withCache(dev.engram.Engram.Settings.defaults(), cacheMb << 20))
                    .build();
            try (engram) {
                List<UsersBench.Sample> samples = new UsersBench(engram, 384).run(users, facts, turns, System.err);
                System.out.printf("%d users, %d facts and %d turns each, index cache bound %d MiB%n", users, facts, turns, cacheMb);
                System.out.println("  users served   heap after GC   cached users   cached index");
                for (UsersBench.Sample s : samples) {
                    System.out.printf("  %12d   %10.1f MiB   %12d   %9.1f MiB%n", s.users(), s.heapBytes() / 1048576.0,
                            s.cachedUsers(), s.cachedIndexBytes() / 1048576.0);
                }
            }
            return 0;
        }

        private static dev.engram.Engram.Settings withCache(dev.engram.Engram.Settings s, long bytes) {
            return new dev.engram.Engram.Settings(s.chatModel(), s.memoryModel(), s.memoryTokens(), s.historyTokens(),
                    s.maxReplyTokens(), s.summariesKept(), s.summaryTokens(), s.maxMessageChars(), s.idleTimeout(),
                    s.maxLiveSessions(), s.workerThreads(), bytes);
        }
    }

    @Command(name = "startup", description = "Time from launching 'engram chat' to its first prompt reaching the model server.")
    static final class Startup implements Callable<Integer> {
        @Option(names = "--runs", defaultValue = "5") int runs;

        @Override
        public Integer call() throws Exception {
            // Through the launcher when there is one, so the figure is what a user of ./engram gets.
            String launcher = System.getenv("ENGRAM_LAUNCHER");
            List<String> command = launcher != null ? List.of(launcher)
                    : List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                            "-cp", System.getProperty("java.class.path"), "dev.engram.cli.Main");
            StartupBench.Result r = new StartupBench(command).run(runs, System.err);
            System.out.printf("start to first prompt (new process, fresh data directory, message waiting on stdin): "
                    + "median %d ms over %d runs %s%n", r.median(), runs, java.util.Arrays.toString(r.millis()));
            return 0;
        }
    }
}
