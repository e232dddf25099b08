package dev.engram.bench;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.engram.embedding.Embedder;
import dev.engram.embedding.FusionSettings;
import dev.engram.embeddings.E5Embedder;
import dev.engram.extraction.ExtractionGate;
import dev.engram.memory.MemoryStore;
import dev.engram.memory.Role;
import dev.engram.memory.SessionId;
import dev.engram.memory.Turn;
import dev.engram.memory.UserId;
import dev.engram.retrieval.Hit;
import dev.engram.retrieval.HybridRetriever;
import dev.engram.retrieval.ItemKind;
import dev.engram.retrieval.MemoryContext;
import dev.engram.retrieval.MemoryIndexes;
import dev.engram.retrieval.RetrievalMode;
import dev.engram.retrieval.Retriever;
import dev.engram.store.StoreFactory;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The LOCOMO benchmark: per conversation, writes every turn through {@link MemoryStore#appendTurn}
 * (embedding computed at write, times from the session dates, both speakers as memory of one
 * user), then retrieves for each question with the product retriever in its three modes and
 * measures evidence recall, latency, context size and the extraction gate. The gate sees what the
 * product's gate sees: each turn's message with any photo caption and, when the gate uses
 * embeddings, that text's own embedding (the product stores the message's embedding; the
 * benchmark's stored turns carry the speaker's name, so the gate's embedding is computed apart). Progress goes to stderr, the table to stdout.
 */
public final class LocomoBench {
    private static final int DEPTH = 50;
    private static final String USAGE = "usage: bench locomo --data FILE [--out FILE.json]";

    /** Opens the memory store the benchmark writes to, on a fresh database file. */
    @FunctionalInterface
    public interface StoreOpener {
        MemoryStore open(Path databaseFile);
    }

    private final StoreOpener opener;
    private final Embedder embedder;
    private final FusionSettings settings;
    private final ExtractionGate gate;
    private final Encoding tokens = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);

    public LocomoBench(StoreOpener opener, Embedder embedder, ExtractionGate gate, FusionSettings settings) {
        this.opener = Objects.requireNonNull(opener, "opener");
        this.embedder = Objects.requireNonNull(embedder, "embedder");
        this.gate = Objects.requireNonNull(gate, "gate");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * Runs the benchmark from command-line style arguments: {@code --data FILE [--out FILE.json]}.
     * Returns the process exit code: 0 on success, 2 on bad arguments, 1 when the run failed.
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Path data = null;
        Path json = null;
        for (int i = 0; i < args.length; i++) {
            boolean hasValue = i + 1 < args.length;
            if (args[i].equals("--data") && hasValue) {
                data = Path.of(args[++i]);
            } else if (args[i].equals("--out") && hasValue) {
                json = Path.of(args[++i]);
            } else {
                err.println("unknown or incomplete argument '" + args[i] + "'; " + USAGE);
                return 2;
            }
        }
        if (data == null) {
            err.println("--data is required; " + USAGE);
            return 2;
        }
        return run(data, json, out, err);
    }

    /**
     * Runs the benchmark on a LOCOMO-format file with the product's SQLite store, the default
     * (e5) embedder and its extraction gate, as {@link #run(Path, Path, Embedder, ExtractionGate, PrintStream, PrintStream)}.
     */
    public static int run(Path data, Path json, PrintStream out, PrintStream err) {
        try (E5Embedder embedder = new E5Embedder()) {
            return run(data, json, embedder, ExtractionGate.forEmbedder("e5"), out, err);
        }
    }

    /**
     * As {@link #run(Path, Path, Embedder, ExtractionGate, FusionSettings, PrintStream, PrintStream)}
     * with the embedder's own ranking settings.
     */
    public static int run(Path data, Path json, Embedder embedder, ExtractionGate gate, PrintStream out,
                          PrintStream err) {
        return run(data, json, embedder, gate, embedder.fusion(), out, err);
    }

    /**
     * Runs the benchmark on a LOCOMO-format file with the product's SQLite store, the given
     * embedder (the caller closes it), the extraction gate made for it and these hybrid ranking
     * settings, printing the table to {@code out} and, when {@code json} is not null, writing the
     * JSON report there. Returns 0 on success, 2 when the file is missing or malformed, 1 when the
     * run failed.
     */
    public static int run(Path data, Path json, Embedder embedder, ExtractionGate gate, FusionSettings settings,
                          PrintStream out, PrintStream err) {
        Objects.requireNonNull(embedder, "embedder");
        err.println("extraction gate: " + gate.describe());
        err.println("hybrid ranking: " + settings);
        Optional<List<LocomoConversation>> read = LocomoData.readOrReport(data, err);
        if (read.isEmpty()) {
            return 2;
        }
        List<LocomoConversation> conversations = read.get();
        try {
            BenchReport report = new LocomoBench(LocomoBench::sqliteStore, embedder, gate, settings)
                    .measure(conversations, err);
            report.printTable(out);
            if (json != null) {
                report.writeJson(json);
                err.println("wrote " + json);
            }
            return 0;
        } catch (RuntimeException e) {
            err.println("benchmark failed: " + e);
            return 1;
        }
    }

    private static MemoryStore sqliteStore(Path file) {
        return StoreFactory.open("jdbc:sqlite:" + file.toAbsolutePath(), file.toAbsolutePath().getParent());
    }

    /** Runs every conversation and returns the figures. */
    BenchReport measure(List<LocomoConversation> conversations, PrintStream err) {
        Path dir = tempDir();
        try (MemoryStore store = opener.open(dir.resolve("locomo.db"))) {
            MemoryIndexes indexes = new MemoryIndexes(store);
            Map<String, Retriever> retrievers = new java.util.LinkedHashMap<>();
            retrievers.put("hybrid", new HybridRetriever(indexes, embedder, RetrievalMode.HYBRID, settings));
            retrievers.put("bm25", new HybridRetriever(indexes, embedder, RetrievalMode.BM25, settings));
            retrievers.put("dense", new HybridRetriever(indexes, embedder, RetrievalMode.DENSE, settings));
            Map<String, EvidenceRecall> recall = new java.util.LinkedHashMap<>();
            retrievers.keySet().forEach(name -> recall.put(name, new EvidenceRecall()));
            List<Double> latencies = new ArrayList<>();
            double tokenSum = 0;
            int questions = 0;
            GateCount gateCount = new GateCount();
            for (LocomoConversation c : conversations) {
                long started = System.nanoTime();
                UserId user = new UserId("locomo-" + c.sampleId().replaceAll("[^A-Za-z0-9._@-]", "_"));
                Map<Long, String> diaIds = ingest(store, user, c, gateCount);
                retrievers.get("hybrid").retrieve(user, "warm up the index", 1);
                for (LocomoConversation.Question q : c.questions()) {
                    questions++;
                    if (q.evidence().isEmpty()) {
                        continue;
                    }
                    for (Map.Entry<String, Retriever> r : retrievers.entrySet()) {
                        long t0 = System.nanoTime();
                        List<Hit> hits = r.getValue().retrieve(user, q.text(), DEPTH);
                        long t1 = System.nanoTime();
                        if (r.getKey().equals("hybrid")) {
                            latencies.add((t1 - t0) / 1e6);
                            tokenSum += contextTokens(hits);
                        }
                        recall.get(r.getKey()).add(q.category(), q.evidence(), turnIds(hits, diaIds));
                    }
                }
                err.printf(java.util.Locale.ROOT, "%s: %d turns, %d questions, %.1f s%n", c.sampleId(), diaIds.size(),
                        c.questions().size(), (System.nanoTime() - started) / 1e9);
            }
            List<BenchReport.RetrieverScores> scores = new ArrayList<>();
            recall.forEach((name, r) -> scores.add(new BenchReport.RetrieverScores(name, r.all(), r.categories1to4())));
            int scored = recall.get("hybrid").questions();
            return new BenchReport(questions, scored, scores, percentile(latencies, 50), percentile(latencies, 95),
                    scored == 0 ? 0 : tokenSum / scored, gateCount.skipRate(), gateCount.citedRecall());
        } finally {
            deleteTree(dir);
        }
    }

    private Map<Long, String> ingest(MemoryStore store, UserId user, LocomoConversation c, GateCount gateCount) {
        Map<Long, String> diaIds = new HashMap<>();
        for (LocomoConversation.Session s : c.sessions()) {
            SessionId session = new SessionId("session-" + s.number());
            List<String> texts = s.turns().stream().map(LocomoConversation.Turn::memoryText).toList();
            List<float[]> vectors = embedder.embedAll(texts);
            List<String> gateTexts = s.turns().stream().map(GateTrainer::gateText).toList();
            List<float[]> gateVectors = gate.usesEmbedding() ? embedder.embedAll(gateTexts) : null;
            for (int i = 0; i < texts.size(); i++) {
                LocomoConversation.Turn t = s.turns().get(i);
                Role role = t.speaker().equals(c.speakerA()) ? Role.USER : Role.ASSISTANT;
                Turn stored = store.appendTurn(user, session, role, texts.get(i), s.start().plusSeconds(30L * i),
                        vectors.get(i), List.of());
                diaIds.put(stored.id(), t.diaId());
                boolean kept = gate.mayHoldFacts(gateTexts.get(i), gateVectors == null ? null : gateVectors.get(i));
                gateCount.add(kept, c.observedTurns().contains(t.diaId()));
            }
        }
        return diaIds;
    }

    private static List<String> turnIds(List<Hit> hits, Map<Long, String> diaIds) {
        List<String> out = new ArrayList<>(hits.size());
        for (Hit h : hits) {
            out.add(h.kind() == ItemKind.TURN ? diaIds.get(h.id()) : null);
        }
        return out;
    }

    private int contextTokens(List<Hit> hits) {
        return tokens.countTokens(MemoryContext.render(hits.subList(0, Math.min(10, hits.size()))));
    }

    static double percentile(List<Double> values, int p) {
        if (values.isEmpty()) {
            return 0;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int rank = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(rank, sorted.length - 1))];
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("engram-locomo-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory: " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A leftover temp directory is harmless; the figures are what matter.
        }
    }

    /** Counts the gate's decisions over all turns and over observation-cited turns. */
    private static final class GateCount {
        private int turns;
        private int skipped;
        private int cited;
        private int citedKept;

        void add(boolean kept, boolean isCited) {
            turns++;
            if (!kept) {
                skipped++;
            }
            if (isCited) {
                cited++;
                if (kept) {
                    citedKept++;
                }
            }
        }

        double skipRate() {
            return turns == 0 ? 0 : 100.0 * skipped / turns;
        }

        double citedRecall() {
            return cited == 0 ? 100 : 100.0 * citedKept / cited;
        }
    }
}
