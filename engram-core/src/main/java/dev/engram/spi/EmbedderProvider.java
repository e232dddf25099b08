package dev.engram.spi;

import dev.engram.embedding.Embedder;

/** Loads an embedding model by name ("e5", "minilm"); found with {@link java.util.ServiceLoader}. */
public interface EmbedderProvider {
    /** The name the model is chosen and recorded by. */
    String name();

    /** Loads the model; the caller closes it when it is {@link AutoCloseable}. */
    Embedder load();
}
