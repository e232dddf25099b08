package dev.engram.llm;

/** The model's complete reply to a {@link ChatRequest}. */
public record ChatReply(String text, String stopReason, Usage usage) {}
