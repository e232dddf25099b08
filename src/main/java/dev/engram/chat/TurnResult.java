package dev.engram.chat;

import dev.engram.llm.Usage;

/**
 * The outcome of one turn: the reply and what it cost. {@code stopped} when the caller stopped the
 * reply before the model finished it; {@code reply} then ends with {@link ChatService#STOPPED_MARK}.
 */
public record TurnResult(String reply, Usage usage, int memoryTokens, int memoryItems, long prepareMicros, long modelMillis,
                         boolean stopped) {}
