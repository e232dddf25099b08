package dev.engram.retrieval;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The all-MiniLM-L6-v2 (quantized) sentence embedder, run in process from its jar: 384
 * dimensions, no network. Thread safe; {@link #close()} stops its worker threads.
 */
public final class MiniLmEmbedder implements Embedder, AutoCloseable {
    private static final int DIMENSIONS = 384;

    private final ExecutorService executor;
    private final AllMiniLmL6V2QuantizedEmbeddingModel model;

    /** An embedder whose batch calls use at most {@code threads} threads. */
    public MiniLmEmbedder(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
        this.executor = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "minilm-embedder");
            t.setDaemon(true);
            return t;
        });
        this.model = new AllMiniLmL6V2QuantizedEmbeddingModel(executor);
    }

    /** An embedder using one thread per available core. */
    public MiniLmEmbedder() {
        this(Runtime.getRuntime().availableProcessors());
    }

    @Override
    public int dimensions() {
        return DIMENSIONS;
    }

    @Override
    public float[] embed(String text) {
        Objects.requireNonNull(text, "text");
        return Vectors.normalized(model.embed(nonEmpty(text)).content().vector());
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        if (texts.isEmpty()) {
            return List.of();
        }
        List<TextSegment> segments = new ArrayList<>(texts.size());
        for (String text : texts) {
            segments.add(TextSegment.from(nonEmpty(Objects.requireNonNull(text, "text"))));
        }
        List<Embedding> embeddings = model.embedAll(segments).content();
        List<float[]> vectors = new ArrayList<>(embeddings.size());
        for (Embedding e : embeddings) {
            vectors.add(Vectors.normalized(e.vector()));
        }
        return vectors;
    }

    @Override
    public void close() {
        executor.shutdown();
    }

    // TextSegment rejects blank text; a blank message still deserves a (meaningless) vector.
    private static String nonEmpty(String text) {
        return text.isBlank() ? "." : text;
    }
}
