package dev.engram.llm;

import java.util.Objects;

/** One block of the top-level system prompt; {@code cacheBreakpoint} marks the end of a cacheable prefix. */
public record SystemBlock(String text, boolean cacheBreakpoint) {
    public SystemBlock {
        Objects.requireNonNull(text, "text");
    }
}
