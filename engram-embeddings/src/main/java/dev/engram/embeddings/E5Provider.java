package dev.engram.embeddings;

import dev.engram.embedding.Embedder;
import dev.engram.spi.EmbedderProvider;

/** Provides {@link E5Embedder} under the name "e5". */
public final class E5Provider implements EmbedderProvider {
    @Override
    public String name() {
        return "e5";
    }

    @Override
    public Embedder load() {
        return new E5Embedder();
    }
}
