package dev.engram.embeddings;

import dev.engram.embedding.Vectors;

import dev.engram.embedding.Embedder;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * A sentence embedder run in process from the model and tokenizer files that a langchain4j ONNX
 * model jar ships, mean-pooled, with optional text prefixes for passages and queries (for models
 * trained with them). Each ONNX run uses one thread: on a shared two-core machine an intra-op
 * thread pool made a single query's p95 about twice as slow. Batches run in parallel on the
 * embedder's own threads. Thread safe; {@link #close()} stops its worker threads.
 */
abstract class OnnxEmbedder implements Embedder, AutoCloseable {
    private final ExecutorService executor;
    private final EmbeddingModel model;
    private final int dimensions;
    private final String passagePrefix;
    private final String queryPrefix;

    OnnxEmbedder(String name, String resource, int threads, int dimensions, String passagePrefix, String queryPrefix) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
        this.executor = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, name + "-embedder");
            t.setDaemon(true);
            return t;
        });
        this.model = new SingleThreadedModel(load(resource), executor);
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

    private static OnnxBertBiEncoder load(String resource) {
        ClassLoader loader = OnnxEmbedder.class.getClassLoader();
        try (InputStream model = loader.getResourceAsStream(resource + ".onnx");
             InputStream tokenizer = loader.getResourceAsStream(resource + "-tokenizer.json");
             OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            if (model == null || tokenizer == null) {
                throw new IllegalStateException("embedding model " + resource + " is missing from the classpath");
            }
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            return new OnnxBertBiEncoder(env, env.createSession(model.readAllBytes(), options), tokenizer, PoolingMode.MEAN);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read embedding model " + resource, e);
        } catch (OrtException e) {
            throw new IllegalStateException("cannot load embedding model " + resource + ": " + e.getMessage(), e);
        }
    }

    private static final class SingleThreadedModel extends AbstractInProcessEmbeddingModel {
        private final OnnxBertBiEncoder encoder;

        SingleThreadedModel(OnnxBertBiEncoder encoder, Executor executor) {
            super(executor);
            this.encoder = encoder;
        }

        @Override
        protected OnnxBertBiEncoder model() {
            return encoder;
        }
    }

    // TextSegment rejects blank text; a blank message still deserves a (meaningless) vector.
    private static String nonEmpty(String text) {
        return text.isBlank() ? "." : text;
    }
}
