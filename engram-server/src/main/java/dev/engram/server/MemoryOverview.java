package dev.engram.server;

import dev.engram.memory.Entity;
import dev.engram.memory.MemoryFile;
import dev.engram.memory.MemoryView;
import dev.engram.memory.Summary;
import java.time.Instant;
import java.util.List;

/**
 * What Engram knows about a user, as {@code GET /v1/users/{userId}/memory} shows it (the chat's
 * {@code /memory}): the valid facts, the summaries (the long-term one first, if any, then session
 * summaries oldest first), the people, projects and goals the user mentioned, by name, and the
 * files Claude's memory tool keeps for the user, by path. Each summary, entity and file has the
 * {@code ref} that a turn's {@code memoryUsed} names it by ({@code s3}, {@code e7}, {@code f4}); a
 * fact's ref is {@code #} and its id.
 */
record MemoryOverview(String userId, List<MemoryItem> facts, List<SummaryItem> summaries, List<EntityItem> entities,
                      List<FileItem> files) {
    static MemoryOverview of(String userId, MemoryView view) {
        return new MemoryOverview(userId, view.facts().stream().map(MemoryItem::of).toList(),
                view.summaries().stream().map(SummaryItem::of).toList(),
                view.entities().stream().map(EntityItem::of).toList(),
                view.files().stream().map(FileItem::of).toList());
    }

    /** A file of Claude's memory tool, with its whole content. */
    record FileItem(long id, String ref, String path, String content, Instant updatedAt) {
        static FileItem of(MemoryFile f) {
            return new FileItem(f.id(), "f" + f.id(), f.path().value(), f.content(), f.updatedAt());
        }
    }

    /** A session summary; {@code session} is null for the long-term summary. */
    record SummaryItem(long id, String ref, String text, boolean longTerm, String session, Instant createdAt) {
        static SummaryItem of(Summary s) {
            return new SummaryItem(s.id(), "s" + s.id(), s.text(), s.longTerm(),
                    s.session() == null ? null : s.session().value(), s.createdAt());
        }
    }

    /** A person, project, goal or other thing the user mentioned, with its notes. */
    record EntityItem(long id, String ref, String name, String type, String notes, Instant updatedAt) {
        static EntityItem of(Entity e) {
            return new EntityItem(e.id(), "e" + e.id(), e.name(), e.type(), e.notes(), e.updatedAt());
        }
    }
}
