package dev.engram.chat;

import java.util.List;
import java.util.Objects;

/**
 * The memory block of a prompt: its text as the model would see it (empty when no memory fitted),
 * the items in it, and the tokens it takes.
 */
public record MemoryBlock(String text, List<MemoryCandidate> items, int tokens) {
    public MemoryBlock {
        Objects.requireNonNull(text, "text");
        items = List.copyOf(items);
    }
}
