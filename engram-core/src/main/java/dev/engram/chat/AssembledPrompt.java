package dev.engram.chat;

import dev.engram.llm.ChatRequest;
import java.util.List;

/**
 * A prompt ready to send, with what went into it: the memory items that fitted the budget,
 * the tokens the memory block and history took, and how many history messages were kept.
 */
public record AssembledPrompt(ChatRequest request, List<MemoryCandidate> included, int memoryTokens,
                              int historyTokens, int historyMessages) {
    public AssembledPrompt {
        included = List.copyOf(included);
    }

    /**
     * The memory block as the request carries it, or empty when no memory fitted. The assembler puts
     * it last among the system blocks, after the instructions.
     */
    public String memoryBlock() {
        return included.isEmpty() ? "" : request.system().get(request.system().size() - 1).text();
    }
}
