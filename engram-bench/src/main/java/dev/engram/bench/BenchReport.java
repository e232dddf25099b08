package dev.engram.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of one LOCOMO run, written as the table on stdout and as the JSON of issue 3.
 * Percentages are 0-100.
 *
 * @param questions questions in the file (all categories, with or without valid evidence)
 * @param scored questions with valid evidence, over which recall is averaged
 * @param retrievers recall per retriever name, the default first
 * @param latencyP50 default retriever's median time per query in ms, query embedding included
 * @param latencyP95 the same, 95th percentile
 * @param contextTokensAt10 average cl100k tokens of the default retriever's top-10 texts
 * @param gateSkipRate share of all turns the extraction gate skips
 * @param gateEvidenceRecall share of observation-cited turns the gate lets through
 */
record BenchReport(int questions, int scored, List<RetrieverScores> retrievers, double latencyP50, double latencyP95,
                   double contextTokensAt10, double gateSkipRate, double gateEvidenceRecall) {
    BenchReport {
        retrievers = List.copyOf(retrievers);
        if (retrievers.isEmpty()) {
            throw new IllegalArgumentException("a report needs at least the default retriever");
        }
    }

    /** One retriever's recall over all categories and over categories 1-4. */
    record RetrieverScores(String name, EvidenceRecall.Scores all, EvidenceRecall.Scores main) {}

    /** The JSON document, keys in the order. */
    Map<String, Object> json() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("questions", questions);
        root.put("default", retrievers.get(0).name());
        Map<String, Object> byName = new LinkedHashMap<>();
        for (RetrieverScores r : retrievers) {
            Map<String, Object> scopes = new LinkedHashMap<>();
            scopes.put("all", recall(r.all()));
            scopes.put("cat1-4", recall(r.main()));
            byName.put(r.name(), scopes);
        }
        root.put("retrievers", byName);
        Map<String, Object> latency = new LinkedHashMap<>();
        latency.put("p50", round(latencyP50));
        latency.put("p95", round(latencyP95));
        root.put("latency_ms", latency);
        root.put("context_tokens_at_10", round(contextTokensAt10));
        Map<String, Object> gate = new LinkedHashMap<>();
        gate.put("skip_rate", round(gateSkipRate));
        gate.put("evidence_recall", round(gateEvidenceRecall));
        root.put("gate", gate);
        return root;
    }

    /** Writes {@link #json()} to a file, pretty printed. */
    void writeJson(Path file) {
        try {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Prints the human-readable table. */
    void printTable(PrintStream out) {
        out.printf(Locale.ROOT, "LOCOMO evidence recall (%d questions, %d with valid evidence)%n", questions, scored);
        out.printf(Locale.ROOT, "%-8s %-7s %7s %7s %7s %7s%n", "retriever", "scope", "R@5", "R@10", "R@25", "R@50");
        for (RetrieverScores r : retrievers) {
            row(out, r.name(), "all", r.all());
            row(out, r.name(), "cat1-4", r.main());
        }
        out.printf(Locale.ROOT, "latency (%s, incl. query embedding): p50 %.1f ms, p95 %.1f ms%n",
                retrievers.get(0).name(), latencyP50, latencyP95);
        out.printf(Locale.ROOT, "top-10 context: %.1f tokens on average (cl100k)%n", contextTokensAt10);
        out.printf(Locale.ROOT, "extraction gate: skips %.1f%% of turns, keeps %.1f%% of observation-cited turns%n",
                gateSkipRate, gateEvidenceRecall);
    }

    private static void row(PrintStream out, String name, String scope, EvidenceRecall.Scores s) {
        out.printf(Locale.ROOT, "%-8s %-7s %7.1f %7.1f %7.1f %7.1f%n", name, scope, s.at5(), s.at10(), s.at25(), s.at50());
    }

    private static Map<String, Object> recall(EvidenceRecall.Scores s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("recall@5", round(s.at5()));
        m.put("recall@10", round(s.at10()));
        m.put("recall@25", round(s.at25()));
        m.put("recall@50", round(s.at50()));
        return m;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
