package dev.engram.bench;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Accumulates LOCOMO evidence recall@k: per question, the share of its evidence dia_ids among
 * the first k retrieved turns, averaged over the questions given (all categories, and categories
 * 1-4 apart). Questions without evidence must not be added. Not thread safe.
 */
final class EvidenceRecall {
    /** The cut-offs reported. */
    static final int[] KS = {5, 10, 25, 50};

    private final double[] allSums = new double[KS.length];
    private final double[] mainSums = new double[KS.length];
    private int all;
    private int main;

    /**
     * Adds one question's result.
     *
     * @param retrieved dia_ids of the retrieved turns, best first (non-turn items as null)
     * @throws IllegalArgumentException if {@code evidence} is empty
     */
    void add(int category, List<String> evidence, List<String> retrieved) {
        if (evidence.isEmpty()) {
            throw new IllegalArgumentException("a question without evidence has no recall; skip it");
        }
        boolean isMain = category >= 1 && category <= 4;
        for (int i = 0; i < KS.length; i++) {
            Set<String> top = new HashSet<>(retrieved.subList(0, Math.min(KS[i], retrieved.size())));
            long found = evidence.stream().filter(top::contains).count();
            double r = (double) found / evidence.size();
            allSums[i] += r;
            if (isMain) {
                mainSums[i] += r;
            }
        }
        all++;
        if (isMain) {
            main++;
        }
    }

    /** Recall@KS[i] in percent over all questions added; 0 when none. */
    Scores all() {
        return scores(allSums, all);
    }

    /** Recall@KS[i] in percent over questions of categories 1-4; 0 when none. */
    Scores categories1to4() {
        return scores(mainSums, main);
    }

    /** How many questions were added. */
    int questions() {
        return all;
    }

    private static Scores scores(double[] sums, int n) {
        double[] pct = new double[KS.length];
        for (int i = 0; i < KS.length; i++) {
            pct[i] = n == 0 ? 0 : 100 * sums[i] / n;
        }
        return new Scores(pct[0], pct[1], pct[2], pct[3]);
    }

    /** Recall in percent at 5, 10, 25 and 50. */
    record Scores(double at5, double at10, double at25, double at50) {}
}
