package dev.engram.chat;

import dev.engram.llm.Usage;

/** The outcome of one turn: the reply and what it cost. */
public record TurnResult(String reply, Usage usage, int memoryTokens, int memoryItems, long prepareMicros, long modelMillis) {}
