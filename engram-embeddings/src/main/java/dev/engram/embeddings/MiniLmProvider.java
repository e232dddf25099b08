package dev.engram.embeddings;

import dev.engram.embedding.Embedder;
import dev.engram.spi.EmbedderProvider;

/** Provides {@link MiniLmEmbedder} under the name "minilm". */
public final class MiniLmProvider implements EmbedderProvider {
    @Override
    public String name() {
        return "minilm";
    }

    @Override
    public Embedder load() {
        return new MiniLmEmbedder();
    }
}
