package dev.engram.server;

import dev.engram.chat.MemoryCandidate;
import dev.engram.memory.Role;
import java.util.Locale;

/**
 * One memory item that was put into the prompt of a turn, as the HTTP API shows it: its stable
 * {@code ref} ({@code #12}, {@code s3}, {@code e7}, {@code t45}), its kind ({@code fact},
 * {@code summary}, {@code entity} or {@code turn}), the store's id, the text the prompt carried,
 * and for an earlier message who wrote it ({@code user} or {@code assistant}; null otherwise).
 */
record UsedMemory(String ref, String kind, long id, String text, String role) {
    static UsedMemory of(MemoryCandidate c) {
        return new UsedMemory(c.ref(), c.kind().name().toLowerCase(Locale.ROOT), c.id(), c.text(),
                c.role() == null ? null : c.role() == Role.USER ? "user" : "assistant");
    }
}
