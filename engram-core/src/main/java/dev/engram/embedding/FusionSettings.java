package dev.engram.embedding;

/**
 * The weights of hybrid ranking.
 *
 * @param bm25Weight share of the max-normalised BM25 score in the fused score, 0..1
 * @param neighbourWeight share of the better neighbouring turn's fused score (same session)
 *     added to a turn's score, 0..1: evidence tends to come in adjacent turns, a question and
 *     its answer
 * @param speakerWeight added to a turn whose speaker the query names, when the memory has more
 *     than one speaker and the query does not name them all, 0..1 (see {@link QueryCues})
 * @param lengthPenalty subtracted from an item's score per unit of the natural log of its length
 *     in words, 0..1: the memory block has a token budget, so of two nearly equally relevant
 *     items the shorter is worth more
 */
public record FusionSettings(float bm25Weight, float neighbourWeight, float speakerWeight, float lengthPenalty) {
    /** The settings tuned with e5-small-v2 on the LOCOMO development file (see docs/BENCHMARKS.md). */
    public static final FusionSettings E5 = new FusionSettings(0.4f, 0.4f, 0.1f, 0.08f);

    /**
     * The settings tuned with MiniLM on the LOCOMO development file. Its cosine scores are flatter
     * than e5's, so after min-max scaling a length penalty outweighs them and costs recall.
     */
    public static final FusionSettings MINILM = new FusionSettings(0.4f, 0.4f, 0.05f, 0f);

    public FusionSettings {
        unit("bm25 weight", bm25Weight);
        unit("neighbour weight", neighbourWeight);
        unit("speaker weight", speakerWeight);
        unit("length penalty", lengthPenalty);
    }

    /** These settings with another speaker weight and length penalty. */
    public FusionSettings withCues(float speaker, float length) {
        return new FusionSettings(bm25Weight, neighbourWeight, speaker, length);
    }

    private static void unit(String name, float value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be between 0 and 1, was " + value);
        }
    }
}
