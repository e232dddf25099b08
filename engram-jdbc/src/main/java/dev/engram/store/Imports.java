package dev.engram.store;

import dev.engram.memory.Attributes;
import dev.engram.memory.Entity;
import dev.engram.memory.ImportCounts;
import dev.engram.memory.MemoryExport;
import dev.engram.memory.MemoryFile;
import dev.engram.memory.MemoryFilePath;
import dev.engram.memory.UserId;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Writes an exported memory into a user's rows, inside the caller's transaction. What the user
 * already has is not added again (same fact statement, same summary text, same turn), so an
 * import can be repeated without duplicates; nor is a fact whose origin id (its id in the system it
 * came from) the user already has.
 */
final class Imports {
    private Imports() {}

    static ImportCounts insert(Connection connection, UserId user, MemoryExport data, Function<String, float[]> embeddingOf,
                               long now) throws SQLException {
        int facts = 0;
        int summaries = 0;
        int turns = 0;
        // Turns first, so that facts and history entries can name their source turn by its new id.
        Map<Long, Long> turnIds = new HashMap<>();
        for (MemoryExport.ExportedTurn t : data.turns()) {
            Optional<Long> existing = Statements.one(connection,
                    "SELECT id FROM turns WHERE user_id = ? AND session_id = ? AND role = ? AND at = ? AND text = ?",
                    row -> row.getLong(1), user.value(), t.session(), t.role(), millis(t.at(), now), t.text());
            long id;
            if (existing.isPresent()) {
                id = existing.get();
            } else {
                turns++;
                id = Statements.insert(connection, "INSERT INTO turns (user_id, session_id, role, text, at, embedding)"
                                + " VALUES (?, ?, ?, ?, ?, ?) RETURNING id", user.value(), t.session(), t.role(), t.text(),
                        millis(t.at(), now), EmbeddingCodec.encode(embeddingOf.apply(t.text())));
            }
            if (t.id() != null) {
                turnIds.put(t.id(), id);
            }
        }
        for (MemoryExport.ExportedFact f : data.facts()) {
            if (exists(connection, "SELECT 1 FROM facts WHERE user_id = ? AND statement = ?", user.value(), f.statement())
                    || f.originId() != null && exists(connection, "SELECT 1 FROM facts WHERE user_id = ? AND origin_id = ?",
                            user.value(), f.originId())) {
                continue;
            }
            facts++;
            Attributes attributes = f.attributes() == null ? Attributes.NONE : f.attributes();
            long id = Statements.insert(connection, "INSERT INTO facts (user_id, statement, fact_key, subject,"
                            + " source_session, source_turn, confidence, created_at, updated_at, valid_from, invalid_at, embedding,"
                            + " attributes, origin_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                    user.value(), f.statement(), f.key(), "user", f.sourceSession(), sourceTurn(turnIds, f.sourceTurn()),
                    Math.max(0, Math.min(1, f.confidence())), millis(f.createdAt(), now), millis(f.updatedAt(), now),
                    millis(f.validFrom(), now), f.invalidAt() == null ? null : f.invalidAt().toEpochMilli(),
                    EmbeddingCodec.encode(embeddingOf.apply(f.statement())), Statements.json(attributes.json()), f.originId());
            if (f.history().isEmpty()) {
                change(connection, user, id, "ADDED", null, f.statement(), millis(f.createdAt(), now), f.sourceSession(),
                        sourceTurn(turnIds, f.sourceTurn()));
            }
            for (MemoryExport.ExportedChange c : f.history()) {
                change(connection, user, id, c.kind(), c.before(), c.after(), millis(c.at(), now), c.sourceSession(),
                        sourceTurn(turnIds, c.sourceTurn()));
            }
        }
        for (MemoryExport.ExportedSummary s : data.summaries()) {
            if (exists(connection, "SELECT 1 FROM summaries WHERE user_id = ? AND text = ?", user.value(), s.text())) {
                continue;
            }
            java.util.Optional<String> longTerm = s.longTerm()
                    ? Statements.one(connection, "SELECT text FROM summaries WHERE user_id = ? AND long_term = ?",
                            row -> row.getString(1), user.value(), true)
                    : java.util.Optional.empty();
            if (longTerm.isPresent() && longTerm.get().contains(s.text())) {
                continue;
            }
            summaries++;
            if (longTerm.isPresent()) {
                // One long-term summary per user: the imported one is added to it.
                String merged = longTerm.get() + "\n" + s.text();
                Statements.update(connection, "UPDATE summaries SET text = ?, embedding = ? WHERE user_id = ? AND long_term = ?",
                        merged, EmbeddingCodec.encode(embeddingOf.apply(merged)), user.value(), true);
                continue;
            }
            Statements.insert(connection, "INSERT INTO summaries (user_id, session_id, text, long_term, created_at, embedding)"
                            + " VALUES (?, ?, ?, ?, ?, ?) RETURNING id", user.value(), s.longTerm() ? null : s.session(),
                    s.text(), s.longTerm(), millis(s.createdAt(), now), EmbeddingCodec.encode(embeddingOf.apply(s.text())));
        }
        for (MemoryExport.ExportedEntity e : data.entities()) {
            entity(connection, user, e, embeddingOf, now);
        }
        int files = files(connection, user, data.files(), embeddingOf, now);
        return new ImportCounts(facts, summaries, data.entities().size(), turns, files);
    }

    /**
     * Adds the memory files the user does not have yet. A file the user has with the same content
     * counts as imported before; one with other content is refused, so that an import never
     * overwrites what the memory tool wrote since.
     */
    private static int files(Connection connection, UserId user, List<MemoryExport.ExportedFile> files,
                             Function<String, float[]> embeddingOf, long now) throws SQLException {
        int added = 0;
        for (MemoryExport.ExportedFile f : files) {
            MemoryFilePath path = MemoryFilePath.parse(f.path());
            Optional<MemoryFile> existing = JdbcMemoryFiles.file(connection, user, path);
            if (existing.isPresent()) {
                if (!existing.get().content().equals(f.content())) {
                    throw new IllegalArgumentException("the user already has a memory file " + path
                            + " with other content; delete or rename it first, or remove it from the import");
                }
                continue;
            }
            JdbcMemoryFiles.insert(connection, user, path, f.content(), embeddingOf.apply(f.content()),
                    millis(f.createdAt(), now), millis(f.updatedAt(), now));
            added++;
        }
        return added;
    }

    private static void entity(Connection connection, UserId user, MemoryExport.ExportedEntity e,
                               Function<String, float[]> embeddingOf, long now) throws SQLException {
        String name = e.name().strip();
        String norm = name.toLowerCase(Locale.ROOT);
        String notes = e.notes() == null ? "" : e.notes().strip();
        String type = e.type() == null || e.type().isBlank() ? "other" : e.type();
        Optional<Entity> existing = Statements.one(connection, "SELECT " + Rows.ENTITY
                + " FROM entities WHERE user_id = ? AND name_norm = ?", Rows::entity, user.value(), norm);
        if (existing.isEmpty()) {
            Statements.insert(connection, "INSERT INTO entities (user_id, name, name_norm, type, notes, updated_at, embedding)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id", user.value(), name, norm, type, notes,
                    millis(e.updatedAt(), now), EmbeddingCodec.encode(embeddingOf.apply(name + ": " + notes)));
        } else {
            String merged = existing.get().notes();
            for (String line : notes.lines().toList()) {
                merged = Notes.merge(merged, line);
            }
            Statements.update(connection, "UPDATE entities SET notes = ?, updated_at = ?, embedding = ? WHERE user_id = ? AND id = ?",
                    merged, now, EmbeddingCodec.encode(embeddingOf.apply(name + ": " + merged)), user.value(), existing.get().id());
        }
    }

    private static void change(Connection connection, UserId user, long factId, String kind, String before, String after,
                               long at, String session, Long turn) throws SQLException {
        Statements.update(connection, "INSERT INTO fact_history (fact_id, user_id, kind, before_text, after_text, at,"
                + " source_session, source_turn) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", factId, user.value(), kind, before, after, at,
                session, turn);
    }

    /** The new id of an exported source turn; null when the file names none or did not carry that turn. */
    private static Long sourceTurn(Map<Long, Long> turnIds, Long exported) {
        return exported == null ? null : turnIds.get(exported);
    }

    private static boolean exists(Connection connection, String sql, Object... params) throws SQLException {
        return Statements.one(connection, sql, row -> true, params).isPresent();
    }

    private static long millis(Instant at, long fallback) {
        return at == null ? fallback : at.toEpochMilli();
    }
}
