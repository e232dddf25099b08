package dev.engram.chat;

import dev.engram.memory.SessionId;
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
     * The memory most relevant to {@code message}, best first, at most {@code limit}. Turns of
     * {@code current} are left out: the prompt carries them as history already.
     *
     * @param current the session the message belongs to, or null
     * @param queryEmbedding the message's embedding, or null when no embedder is configured
     */
    List<MemoryCandidate> find(UserId user, SessionId current, String message, float[] queryEmbedding, int limit);
}
