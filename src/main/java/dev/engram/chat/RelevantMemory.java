package dev.engram.chat;

import dev.engram.memory.UserId;
import java.util.List;

/** The chat loop's view of retrieval: what always goes in the memory block, and what is relevant to a message. */
public interface RelevantMemory {
    /**
     * Memory shown whatever the message, in priority order: the user's core facts (those with a
     * key such as name or job) and the most recent summaries.
     */
    List<MemoryCandidate> pinned(UserId user);

    /**
     * The memory most relevant to {@code message}, best first, at most {@code limit}.
     *
     * @param queryEmbedding the message's embedding, or null when no embedder is configured
     */
    List<MemoryCandidate> find(UserId user, String message, float[] queryEmbedding, int limit);
}
