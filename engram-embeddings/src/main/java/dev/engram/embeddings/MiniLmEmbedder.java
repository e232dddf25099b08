package dev.engram.embeddings;

import dev.engram.embedding.FusionSettings;

/**
 * The all-MiniLM-L6-v2 (quantized) sentence embedder, run in process from its jar: 384
 * dimensions, no network, queries embedded like passages. Thread safe; {@link #close()} stops
 * its worker threads.
 */
public final class MiniLmEmbedder extends OnnxEmbedder {

    /** An embedder whose batch calls use at most {@code threads} threads. */
    public MiniLmEmbedder(int threads) {
        super("minilm", "all-minilm-l6-v2-q", threads, 384, "", "");
    }

    /** An embedder using one thread per available core. */
    public MiniLmEmbedder() {
        this(Runtime.getRuntime().availableProcessors());
    }

    /** The cosine from which MiniLM embeddings of two short statements are likely about one thing. */
    public static final double NEIGHBOUR_COSINE = dev.engram.extraction.Consolidator.DEFAULT_NEIGHBOUR_COSINE;

    @Override
    public FusionSettings fusion() {
        return FusionSettings.MINILM;
    }

    /** MiniLM puts unrelated short facts at about 0.1 and related ones at 0.6-0.8. */
    @Override
    public double neighbourCosine() {
        return NEIGHBOUR_COSINE;
    }
}
