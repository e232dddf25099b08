package dev.engram.retrieval;

/**
 * Weighted linear fusion of keyword and embedding scores: BM25 divided by its maximum, cosine
 * min-max normalised, then {@code w * bm25 + (1 - w) * cosine}. Rank fusion (RRF) was measured
 * to do worse here because the dense ranks are flat; the normalised scores keep the margins.
 * Arrays are indexed by document number; NaN marks a document without that signal.
 */
final class LinearFusion {
    private LinearFusion() {}

    /** Scores divided by their maximum, so the best is 1; all zeros stay zeros; NaN becomes 0. */
    static float[] maxNormalized(float[] scores) {
        float max = 0;
        for (float s : scores) {
            if (s > max) {
                max = s;
            }
        }
        float[] out = new float[scores.length];
        for (int i = 0; i < scores.length; i++) {
            out[i] = max > 0 && !Float.isNaN(scores[i]) ? scores[i] / max : 0;
        }
        return out;
    }

    /** Scores mapped linearly onto 0..1 (best 1, worst 0); NaN becomes 0; equal scores become 0. */
    static float[] minMaxNormalized(float[] scores) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float s : scores) {
            if (!Float.isNaN(s)) {
                min = Math.min(min, s);
                max = Math.max(max, s);
            }
        }
        float[] out = new float[scores.length];
        float range = max - min;
        for (int i = 0; i < scores.length; i++) {
            out[i] = range > 0 && !Float.isNaN(scores[i]) ? (scores[i] - min) / range : 0;
        }
        return out;
    }

    /**
     * {@code bm25Weight * maxNormalized(bm25) + (1 - bm25Weight) * minMaxNormalized(dense)}.
     *
     * @throws IllegalArgumentException if the arrays differ in length or the weight is outside 0..1
     */
    static float[] fuse(float[] bm25, float[] dense, float bm25Weight) {
        if (bm25.length != dense.length) {
            throw new IllegalArgumentException("score arrays differ in length: " + bm25.length + " and " + dense.length);
        }
        if (bm25Weight < 0 || bm25Weight > 1) {
            throw new IllegalArgumentException("bm25 weight must be between 0 and 1, was " + bm25Weight);
        }
        float[] k = maxNormalized(bm25);
        float[] d = minMaxNormalized(dense);
        float[] out = new float[k.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = bm25Weight * k[i] + (1 - bm25Weight) * d[i];
        }
        return out;
    }
}
