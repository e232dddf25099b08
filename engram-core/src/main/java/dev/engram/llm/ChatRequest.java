package dev.engram.llm;

import java.util.List;
import java.util.Objects;

/** A chat completion request: system blocks first, then the conversation, ending with a user message. */
public record ChatRequest(String model, int maxTokens, List<SystemBlock> system, List<ChatMessage> messages) {
    public ChatRequest {
        Objects.requireNonNull(model, "model");
        system = List.copyOf(system);
        messages = List.copyOf(messages);
        if (maxTokens <= 0) {
            throw new IllegalArgumentException("maxTokens must be positive");
        }
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a chat request needs at least one message");
        }
    }
}
