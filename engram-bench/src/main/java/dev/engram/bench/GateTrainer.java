package dev.engram.bench;

import dev.engram.embedding.Embedder;
import dev.engram.extraction.ExtractionGate;
import dev.engram.extraction.ExtractionGateFeatures;
import dev.engram.extraction.ExtractionGateWeights;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Trains and measures the extraction gate on LOCOMO-format data: a logistic model over a turn's
 * embedding (as the product stores it: the message with any photo caption, embedded by the
 * configured embedder) and its word features, labelled by whether the conversation's {@code
 * observation} annotations cite the turn. Figures are leave-one-conversation-out: for each
 * conversation, the L2 penalty and the threshold are chosen by an inner leave-one-out over the
 * other conversations only (the highest threshold that keeps the target share of their cited
 * turns), the model is fitted on them, and the held-out conversation is measured. The weights it
 * writes are fitted on all conversations, with penalty and threshold chosen the same way. Needs at
 * least three conversations. Progress on stderr, the table on stdout.
 */
public final class GateTrainer {
    private static final String USAGE =
            "usage: bench gate --data FILE [--train-out WEIGHTS.json] [--recall PERCENT] [--with-embedding] [--cache DIR]";
    private static final double[] PENALTIES = {0.3, 3, 30, 300};

    /** One turn as the gate sees it, with its label. */
    record Example(String conversation, String text, double[] row, boolean cited) {}

    /** A penalty and the threshold chosen with it. */
    record Choice(double penalty, double threshold, double innerSkipRate) {}

    /** The gate's decisions counted over turns and over cited turns. */
    record Figures(int turns, int skipped, int cited, int citedKept) {
        double skipRate() {
            return turns == 0 ? 0 : 100.0 * skipped / turns;
        }

        double recall() {
            return cited == 0 ? 100 : 100.0 * citedKept / cited;
        }

        Figures plus(Figures o) {
            return new Figures(turns + o.turns, skipped + o.skipped, cited + o.cited, citedKept + o.citedKept);
        }
    }

    private final Embedder embedder;
    private final String embedderName;
    private final double targetRecall;
    private final Path cache;
    private final PrintStream err;

    /** A trainer over word features only when {@code embedder} is null, else over word features and embeddings. */
    GateTrainer(Embedder embedder, String embedderName, double targetRecall, Path cache, PrintStream err) {
        this.embedder = embedder;
        this.embedderName = embedderName;
        this.targetRecall = targetRecall;
        this.cache = cache;
        this.err = err;
    }

    /**
     * Runs from command-line style arguments (see {@link #USAGE}) with the given embedder, named as
     * ENGRAM_EMBEDDER names it. Returns 0 on success, 2 on bad arguments or data, 1 when the run failed.
     */
    public static int run(String[] args, Embedder embedder, String embedderName, PrintStream out, PrintStream err) {
        Path data = null;
        Path weightsOut = null;
        Path cache = null;
        double recall = 95;
        boolean withEmbedding = false;
        for (int i = 0; i < args.length; i++) {
            boolean hasValue = i + 1 < args.length;
            if (args[i].equals("--with-embedding")) {
                withEmbedding = true;
                continue;
            }
            switch (hasValue ? args[i] : "") {
                case "--data" -> data = Path.of(args[++i]);
                case "--train-out" -> weightsOut = Path.of(args[++i]);
                case "--cache" -> cache = Path.of(args[++i]);
                case "--recall" -> recall = Double.parseDouble(args[++i]);
                default -> {
                    err.println("unknown or incomplete argument '" + args[i] + "'; " + USAGE);
                    return 2;
                }
            }
        }
        if (data == null || !Files.isRegularFile(data)) {
            err.println((data == null ? "--data is required" : "no such file: " + data) + "; " + USAGE);
            return 2;
        }
        Optional<List<LocomoConversation>> read = LocomoData.readOrReport(data, err);
        if (read.isEmpty()) {
            return 2;
        }
        List<LocomoConversation> conversations = read.get();
        if (conversations.size() < 3) {
            err.println("gate training needs at least 3 conversations for leave-one-out, got " + conversations.size());
            return 2;
        }
        try {
            GateTrainer trainer = new GateTrainer(withEmbedding ? embedder : null, embedderName, recall / 100, cache, err);
            trainer.report(conversations, data, weightsOut, out);
            return 0;
        } catch (RuntimeException e) {
            err.println("gate training failed: " + e);
            return 1;
        }
    }

    private void report(List<LocomoConversation> conversations, Path data, Path weightsOut, PrintStream out) {
        List<Example> all = examples(conversations);
        List<String> ids = conversations.stream().map(LocomoConversation::sampleId).toList();
        out.printf(Locale.ROOT, "extraction gate over %s, %d turns, %d cited; threshold chosen for %.1f%% recall "
                + "on the training conversations%n", features(), all.size(),
                all.stream().filter(Example::cited).count(), 100 * targetRecall);
        out.printf(Locale.ROOT, "%-14s %9s %9s %9s %9s %10s%n", "held out", "penalty", "skip %", "recall %",
                "word skip", "word rec.");
        Figures heldOut = new Figures(0, 0, 0, 0);
        Figures words = new Figures(0, 0, 0, 0);
        for (String id : ids) {
            List<Example> train = all.stream().filter(e -> !e.conversation().equals(id)).toList();
            List<Example> test = all.stream().filter(e -> e.conversation().equals(id)).toList();
            Choice c = choose(train);
            LogisticFit.Model m = LogisticFit.fit(rows(train), labels(train), c.penalty());
            Figures f = measure(m, c.threshold(), test);
            Figures w = wordFigures(test);
            heldOut = heldOut.plus(f);
            words = words.plus(w);
            out.printf(Locale.ROOT, "%-14s %9.1f %9.1f %9.1f %9.1f %10.1f%n", id, c.penalty(), f.skipRate(), f.recall(),
                    w.skipRate(), w.recall());
        }
        out.printf(Locale.ROOT, "%-14s %9s %9.1f %9.1f %9.1f %10.1f%n", "all held out", "", heldOut.skipRate(),
                heldOut.recall(), words.skipRate(), words.recall());
        Choice c = choose(all);
        LogisticFit.Model m = LogisticFit.fit(rows(all), labels(all), c.penalty());
        Figures in = measure(m, c.threshold(), all);
        out.printf(Locale.ROOT, "%-14s %9.1f %9.1f %9.1f   (weights fitted on all %d conversations, "
                + "scored on them)%n", "in sample", c.penalty(), in.skipRate(), in.recall(), ids.size());
        if (weightsOut != null) {
            ExtractionGateWeights w = weights(m, c.threshold(), String.format(Locale.ROOT,
                    "logistic gate over %s, fitted on %s (%s) by '%sengram bench gate --data %s --train-out FILE%s'"
                    + "; threshold for %.1f%% recall of cited turns; leave-one-conversation-out skip %.1f%%, recall %.1f%%",
                    features(), data.getFileName(), String.join(", ", ids),
                    embedder == null ? "" : "ENGRAM_EMBEDDER=" + embedderName + " ", data.getFileName(),
                    embedder == null ? "" : " --with-embedding",
                    100 * targetRecall, heldOut.skipRate(), heldOut.recall()));
            try {
                Files.writeString(weightsOut, w.toJson());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + weightsOut + ": " + e.getMessage(), e);
            }
            err.println("wrote " + weightsOut);
        }
    }

    private String features() {
        return embedder == null ? "word features" : "word features and " + embedderName + " embeddings";
    }

    /** Chooses the penalty and threshold by leave-one-conversation-out within {@code train}. */
    Choice choose(List<Example> train) {
        Set<String> ids = new LinkedHashSet<>();
        train.forEach(e -> ids.add(e.conversation()));
        Choice best = null;
        for (double penalty : PENALTIES) {
            double[] scores = new double[train.size()];
            for (String id : ids) {
                List<Example> fitOn = train.stream().filter(e -> !e.conversation().equals(id)).toList();
                LogisticFit.Model m = LogisticFit.fit(rows(fitOn), labels(fitOn), penalty);
                for (int i = 0; i < train.size(); i++) {
                    if (train.get(i).conversation().equals(id)) {
                        scores[i] = m.score(train.get(i).row());
                    }
                }
            }
            double threshold = threshold(scores, labels(train), targetRecall);
            int skipped = 0;
            for (double s : scores) {
                skipped += s < threshold ? 1 : 0;
            }
            Choice c = new Choice(penalty, threshold, 100.0 * skipped / scores.length);
            err.printf(Locale.ROOT, "  inner: %d conversations, penalty %.0f: skip %.1f%%%n", ids.size(), penalty,
                    c.innerSkipRate());
            if (best == null || c.innerSkipRate() > best.innerSkipRate()) {
                best = c;
            }
        }
        return best;
    }

    /** The highest threshold that keeps at least {@code recall} of the cited turns' scores. */
    static double threshold(double[] scores, boolean[] cited, double recall) {
        double[] c = new double[scores.length];
        int n = 0;
        for (int i = 0; i < scores.length; i++) {
            if (cited[i]) {
                c[n++] = scores[i];
            }
        }
        if (n == 0) {
            throw new IllegalArgumentException("no cited turns to choose a threshold from");
        }
        double[] sorted = Arrays.copyOf(c, n);
        Arrays.sort(sorted);
        return sorted[(int) Math.floor((1 - recall) * n + 1e-9)];
    }

    private static Figures measure(LogisticFit.Model m, double threshold, List<Example> examples) {
        Figures f = new Figures(0, 0, 0, 0);
        for (Example e : examples) {
            f = f.plus(count(m.score(e.row()) >= threshold, e.cited()));
        }
        return f;
    }

    private static Figures wordFigures(List<Example> examples) {
        ExtractionGate gate = ExtractionGate.wordFeatures();
        Figures f = new Figures(0, 0, 0, 0);
        for (Example e : examples) {
            f = f.plus(count(gate.mayHoldFacts(e.text(), null), e.cited()));
        }
        return f;
    }

    private static Figures count(boolean kept, boolean cited) {
        return new Figures(1, kept ? 0 : 1, cited ? 1 : 0, kept && cited ? 1 : 0);
    }

    private ExtractionGateWeights weights(LogisticFit.Model m, double threshold, String about) {
        int words = ExtractionGateFeatures.NAMES.size();
        double[] w = m.weights();
        return new ExtractionGateWeights(embedder == null ? null : embedderName, Arrays.copyOfRange(w, 0, words),
                Arrays.copyOfRange(w, words, w.length), m.bias(), threshold, about);
    }

    /** The text the product's gate sees for a turn: the message with any photo caption. */
    static String gateText(LocomoConversation.Turn t) {
        return t.caption() == null || t.caption().isBlank() ? t.text() : t.text() + " [photo: " + t.caption() + "]";
    }

    private List<Example> examples(List<LocomoConversation> conversations) {
        List<String> texts = new ArrayList<>();
        conversations.forEach(c -> c.sessions().forEach(s -> s.turns().forEach(t -> texts.add(gateText(t)))));
        List<float[]> vectors = embedder == null ? null : embeddings(texts);
        List<Example> out = new ArrayList<>(texts.size());
        int i = 0;
        for (LocomoConversation c : conversations) {
            for (LocomoConversation.Session s : c.sessions()) {
                for (LocomoConversation.Turn t : s.turns()) {
                    String text = texts.get(i);
                    out.add(new Example(c.sampleId(), text, row(text, vectors == null ? new float[0] : vectors.get(i)),
                            c.observedTurns().contains(t.diaId())));
                    i++;
                }
            }
        }
        return out;
    }

    private static double[] row(String text, float[] embedding) {
        double[] words = ExtractionGateFeatures.of(text);
        double[] row = Arrays.copyOf(words, words.length + embedding.length);
        for (int j = 0; j < embedding.length; j++) {
            row[words.length + j] = embedding[j];
        }
        return row;
    }

    private List<float[]> embeddings(List<String> texts) {
        Path file = cache == null ? null : cache.resolve(embedderName + "-" + digest(texts) + ".bin");
        if (file != null && Files.isRegularFile(file)) {
            return readVectors(file, texts.size());
        }
        long t0 = System.nanoTime();
        List<float[]> vectors = new ArrayList<>(texts.size());
        for (int from = 0; from < texts.size(); from += 256) {
            vectors.addAll(embedder.embedAll(texts.subList(from, Math.min(texts.size(), from + 256))));
            err.printf(Locale.ROOT, "embedded %d/%d turns%n", vectors.size(), texts.size());
        }
        err.printf(Locale.ROOT, "embeddings: %.1f s%n", (System.nanoTime() - t0) / 1e9);
        if (file != null) {
            writeVectors(file, vectors);
        }
        return vectors;
    }

    private String digest(List<String> texts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            texts.forEach(t -> md.update((t + "\n").getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(md.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<float[]> readVectors(Path file, int n) {
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
            List<float[]> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                float[] v = new float[in.readInt()];
                for (int j = 0; j < v.length; j++) {
                    v[j] = in.readFloat();
                }
                out.add(v);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read embedding cache " + file + ": " + e.getMessage(), e);
        }
    }

    private static void writeVectors(Path file, List<float[]> vectors) {
        try {
            Files.createDirectories(file.getParent());
            try (DataOutputStream out = new DataOutputStream(
                    new java.io.BufferedOutputStream(Files.newOutputStream(file)))) {
                for (float[] v : vectors) {
                    out.writeInt(v.length);
                    for (float x : v) {
                        out.writeFloat(x);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write embedding cache " + file + ": " + e.getMessage(), e);
        }
    }

    private static double[][] rows(List<Example> examples) {
        return examples.stream().map(Example::row).toArray(double[][]::new);
    }

    private static boolean[] labels(List<Example> examples) {
        boolean[] y = new boolean[examples.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = examples.get(i).cited();
        }
        return y;
    }
}
