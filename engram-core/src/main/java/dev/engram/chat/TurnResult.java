package dev.engram.chat;

import dev.engram.llm.Usage;
import java.util.List;

/**
 * The outcome of one turn: the reply, what it cost, and the memory items that were put into its
 * prompt ({@code memoryUsed}, in the order the assembler chose them; empty when none fitted).
 * {@code stopped} when the caller stopped the reply before the model finished it; {@code reply}
 * then ends with {@link ChatService#STOPPED_MARK}.
 */
public record TurnResult(String reply, Usage usage, int memoryTokens, List<MemoryCandidate> memoryUsed, long prepareMicros,
                         long modelMillis, boolean stopped) {
    public TurnResult {
        memoryUsed = List.copyOf(memoryUsed);
    }
}
