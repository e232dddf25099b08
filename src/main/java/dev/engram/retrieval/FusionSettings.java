package dev.engram.retrieval;

/**
 * The weights of hybrid ranking.
 *
 * @param bm25Weight share of the max-normalised BM25 score in the fused score, 0..1
 * @param neighbourWeight share of the better neighbouring turn's fused score (same session)
 *     added to a turn's score, 0..1: evidence tends to come in adjacent turns, a question and
 *     its answer
 */
public record FusionSettings(float bm25Weight, float neighbourWeight) {
    /** The settings tuned on the LOCOMO development file. */
    public static final FusionSettings DEFAULTS = new FusionSettings(0.4f, 0.4f);

    public FusionSettings {
        if (bm25Weight < 0 || bm25Weight > 1) {
            throw new IllegalArgumentException("bm25 weight must be between 0 and 1, was " + bm25Weight);
        }
        if (neighbourWeight < 0 || neighbourWeight > 1) {
            throw new IllegalArgumentException("neighbour weight must be between 0 and 1, was " + neighbourWeight);
        }
    }
}
