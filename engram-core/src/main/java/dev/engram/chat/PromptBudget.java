package dev.engram.chat;

/**
 * Token budgets for one prompt: the memory block and the session history. The system
 * instructions and the new message are always sent whole.
 */
public record PromptBudget(int memoryTokens, int historyTokens, int maxReplyTokens) {
    public PromptBudget {
        if (memoryTokens < 0) {
            throw new IllegalArgumentException("memory token budget must not be negative");
        }
        if (historyTokens < 0) {
            throw new IllegalArgumentException("history token budget must not be negative");
        }
        if (maxReplyTokens <= 0) {
            throw new IllegalArgumentException("max reply tokens must be positive");
        }
    }
}
