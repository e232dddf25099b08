package dev.engram.retrieval;

import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;

/**
 * The all-MiniLM-L6-v2 (quantized) sentence embedder, run in process from its jar: 384
 * dimensions, no network, queries embedded like passages. Thread safe; {@link #close()} stops
 * its worker threads.
 */
public final class MiniLmEmbedder extends OnnxEmbedder {

    /** An embedder whose batch calls use at most {@code threads} threads. */
    public MiniLmEmbedder(int threads) {
        super("minilm", threads, 384, "", "", AllMiniLmL6V2QuantizedEmbeddingModel::new);
    }

    /** An embedder using one thread per available core. */
    public MiniLmEmbedder() {
        this(Runtime.getRuntime().availableProcessors());
    }
}
