package dev.engram.retrieval;

import dev.engram.memory.Role;
import dev.engram.memory.SessionId;
import java.time.Instant;
import java.util.Objects;

/**
 * One searchable piece of a user's memory as the index holds it.
 *
 * @param kind what the item is
 * @param id the store's id of the fact, entity, summary or turn
 * @param text the item's own text, as shown to the model (its date is {@code time})
 * @param time when the item was said or last changed
 * @param session the session of a turn or session summary; null otherwise
 * @param embedding the unit-length embedding computed when the item was written, or null when
 *     none was stored (the item is then found by keywords only)
 * @param role who wrote a turn, the user or the assistant; null for other items
 */
public record MemoryItem(ItemKind kind, long id, String text, Instant time, SessionId session, float[] embedding,
                         Role role) {
    public MemoryItem {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(time, "time");
    }

    /**
     * The text keyword search indexes: dated items (turns, facts, summaries) start with their
     * day, so that a question naming a time matches what was said then; entities and memory files
     * are not dated.
     */
    String indexedText() {
        return kind == ItemKind.ENTITY || kind == ItemKind.FILE ? text : MemoryItems.dated(time, text);
    }
}
