package dev.engram.chat;

import dev.engram.llm.Usage;
import java.util.List;

/**
 * The outcome of one turn: the reply, what it cost, and the memory items that were put into its
 * prompt ({@code memoryUsed}, in the order the assembler chose them; empty when none fitted).
 */
public record TurnResult(String reply, Usage usage, int memoryTokens, List<MemoryCandidate> memoryUsed, long prepareMicros,
                         long modelMillis) {
    public TurnResult {
        memoryUsed = List.copyOf(memoryUsed);
    }
}
