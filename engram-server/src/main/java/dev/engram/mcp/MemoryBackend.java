package dev.engram.mcp;

import dev.engram.chat.MemoryPreview;
import dev.engram.curation.MemoryService;
import dev.engram.retrieval.HybridRetriever;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The parts of Engram the MCP tools use: what a user does with memory directly, the hybrid
 * retriever the chat uses, and the memory block the chat would send. The retriever and the preview
 * are asked for on first use, so that a server answers {@code initialize} before the embedding
 * model has loaded.
 */
public record MemoryBackend(MemoryService memory, Supplier<HybridRetriever> retriever, Supplier<MemoryPreview> preview) {
    public MemoryBackend {
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(retriever, "retriever");
        Objects.requireNonNull(preview, "preview");
    }
}
