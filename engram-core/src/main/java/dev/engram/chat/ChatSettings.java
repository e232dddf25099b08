package dev.engram.chat;

/**
 * Settings of the chat loop: the chat model, the prompt budgets, how many memory candidates to
 * retrieve, and the longest message accepted.
 */
public record ChatSettings(String model, PromptBudget budget, int retrieveLimit, int maxMessageChars) {
    public ChatSettings {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("chat model must not be empty");
        }
        if (retrieveLimit < 0) {
            throw new IllegalArgumentException("retrieve limit must not be negative");
        }
        if (maxMessageChars < 1) {
            throw new IllegalArgumentException("max message length must be positive");
        }
    }
}
