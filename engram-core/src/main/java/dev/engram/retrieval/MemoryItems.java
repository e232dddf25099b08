package dev.engram.retrieval;

import dev.engram.memory.Entity;
import dev.engram.memory.Fact;
import dev.engram.memory.MemoryFile;
import dev.engram.memory.MemoryReader;
import dev.engram.memory.Summary;
import dev.engram.memory.Turn;
import dev.engram.memory.UserId;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Turns stored memory into {@link MemoryItem}s. Stateless. */
public final class MemoryItems {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private MemoryItems() {}

    /** The item of a turn of the log. */
    public static MemoryItem of(Turn turn) {
        return new MemoryItem(ItemKind.TURN, turn.id(), turn.text(), turn.at(), turn.sessionId(),
                turn.embedding(), turn.role());
    }

    /** The item of a fact (valid or not: callers choose). */
    public static MemoryItem of(Fact fact) {
        return new MemoryItem(ItemKind.FACT, fact.id(), fact.statement(), fact.validFrom(),
                fact.source().session(), fact.embedding(), null);
    }

    /** The item of an entity with its notes. */
    public static MemoryItem of(Entity entity) {
        String notes = entity.notes() == null || entity.notes().isBlank() ? "" : ": " + entity.notes();
        String type = entity.type() == null || entity.type().isBlank() ? "" : " (" + entity.type() + ")";
        return new MemoryItem(ItemKind.ENTITY, entity.id(), entity.name() + type + notes, entity.updatedAt(), null,
                entity.embedding(), null);
    }

    /** The item of a session or long-term summary. */
    public static MemoryItem of(Summary summary) {
        return new MemoryItem(ItemKind.SUMMARY, summary.id(), summary.text(),
                summary.createdAt(), summary.session(), summary.embedding(), null);
    }

    /** The item of a file of Claude's memory tool: its path, then its content. */
    public static MemoryItem of(MemoryFile file) {
        return new MemoryItem(ItemKind.FILE, file.id(), file.path() + ": " + file.content(), file.updatedAt(), null,
                file.embedding(), null);
    }

    /**
     * Everything searchable of one user, in a stable order: valid facts, entities, summaries,
     * memory files by path, then turns oldest first (so that each turn follows the one before it).
     */
    public static List<MemoryItem> load(MemoryReader store, UserId user) {
        List<MemoryItem> items = new ArrayList<>();
        store.facts(user, false).forEach(f -> items.add(of(f)));
        store.entities(user).forEach(e -> items.add(of(e)));
        store.summaries(user).forEach(s -> items.add(of(s)));
        store.memoryFiles(user).forEach(f -> items.add(of(f)));
        store.turns(user).forEach(t -> items.add(of(t)));
        return items;
    }

    /** "[8 May 2023] text", the date in UTC. */
    static String dated(Instant at, String text) {
        return "[" + DATE.format(at) + "] " + text;
    }
}
