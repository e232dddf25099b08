package dev.engram.llm;

import java.util.Objects;

/**
 * One message sent to the model. {@code cacheBreakpoint} asks the provider to cache the prompt
 * up to and including this message.
 */
public record ChatMessage(Speaker speaker, String text, boolean cacheBreakpoint) {
    /** Who a message is from. */
    public enum Speaker {
        USER,
        ASSISTANT
    }

    public ChatMessage {
        Objects.requireNonNull(speaker, "speaker");
        Objects.requireNonNull(text, "text");
    }

    public static ChatMessage user(String text) {
        return new ChatMessage(Speaker.USER, text, false);
    }

    public static ChatMessage assistant(String text) {
        return new ChatMessage(Speaker.ASSISTANT, text, false);
    }
}
