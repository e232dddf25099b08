package dev.engram.retrieval;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A sentence embedder run in process from a langchain4j ONNX model jar, with optional text
 * prefixes for passages and queries (for models trained with them). Thread safe;
 * {@link #close()} stops its worker threads.
 */
abstract class OnnxEmbedder implements Embedder, AutoCloseable {
    private final ExecutorService executor;
    private final EmbeddingModel model;
    private final int dimensions;
    private final String passagePrefix;
    private final String queryPrefix;

    OnnxEmbedder(String name, int threads, int dimensions, String passagePrefix, String queryPrefix,
                 Function<ExecutorService, EmbeddingModel> load) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
        this.executor = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, name + "-embedder");
            t.setDaemon(true);
            return t;
        });
        this.model = load.apply(executor);
        this.dimensions = dimensions;
        this.passagePrefix = passagePrefix;
        this.queryPrefix = queryPrefix;
    }

    @Override
    public int dimensions() {
        return dimensions;
    }

    @Override
    public float[] embed(String text) {
        return embedOne(passagePrefix, text);
    }

    @Override
    public float[] embedQuery(String text) {
        return embedOne(queryPrefix, text);
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        if (texts.isEmpty()) {
            return List.of();
        }
        List<TextSegment> segments = new ArrayList<>(texts.size());
        for (String text : texts) {
            segments.add(TextSegment.from(passagePrefix + nonEmpty(Objects.requireNonNull(text, "text"))));
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

    private float[] embedOne(String prefix, String text) {
        Objects.requireNonNull(text, "text");
        return Vectors.normalized(model.embed(prefix + nonEmpty(text)).content().vector());
    }

    // TextSegment rejects blank text; a blank message still deserves a (meaningless) vector.
    private static String nonEmpty(String text) {
        return text.isBlank() ? "." : text;
    }
}
