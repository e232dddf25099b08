package dev.engram.retrieval;

/**
 * The weights of hybrid ranking.
 *
 * @param bm25Weight share of the max-normalised BM25 score in the fused score, 0..1
 * @param speakerBoost added to an item said by someone the query names
 * @param neighbourWeight share of the best neighbouring turn's score added to a turn's score
 */
public record FusionSettings(float bm25Weight, float speakerBoost, float neighbourWeight) {
    /** The settings tuned on the LOCOMO development file. */
    public static final FusionSettings DEFAULTS = new FusionSettings(0.3f, 0f, 0f);

    public FusionSettings {
        if (bm25Weight < 0 || bm25Weight > 1) {
            throw new IllegalArgumentException("bm25 weight must be between 0 and 1, was " + bm25Weight);
        }
        if (speakerBoost < 0) {
            throw new IllegalArgumentException("speaker boost must not be negative, was " + speakerBoost);
        }
        if (neighbourWeight < 0 || neighbourWeight > 1) {
            throw new IllegalArgumentException("neighbour weight must be between 0 and 1, was " + neighbourWeight);
        }
    }
}
