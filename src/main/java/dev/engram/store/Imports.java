package dev.engram.store;

import dev.engram.memory.Entity;
import dev.engram.memory.ImportCounts;
import dev.engram.memory.MemoryExport;
import dev.engram.memory.UserId;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/** Writes an exported memory into a user's rows, inside the caller's transaction. */
final class Imports {
    private Imports() {}

    static ImportCounts insert(Connection connection, UserId user, MemoryExport data, Function<String, float[]> embeddingOf,
                               long now) throws SQLException {
        for (MemoryExport.ExportedFact f : data.facts()) {
            long id = Statements.insert(connection, "INSERT INTO facts (user_id, statement, fact_key, subject,"
                            + " source_session, source_turn, confidence, created_at, updated_at, valid_from, invalid_at, embedding)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                    user.value(), f.statement(), f.key(), "user", f.sourceSession(), null,
                    Math.max(0, Math.min(1, f.confidence())), millis(f.createdAt(), now), millis(f.updatedAt(), now),
                    millis(f.validFrom(), now), f.invalidAt() == null ? null : f.invalidAt().toEpochMilli(),
                    EmbeddingCodec.encode(embeddingOf.apply(f.statement())));
            if (f.history().isEmpty()) {
                change(connection, user, id, "ADDED", null, f.statement(), millis(f.createdAt(), now), f.sourceSession());
            }
            for (MemoryExport.ExportedChange c : f.history()) {
                change(connection, user, id, c.kind(), c.before(), c.after(), millis(c.at(), now), c.sourceSession());
            }
        }
        for (MemoryExport.ExportedSummary s : data.summaries()) {
            Statements.insert(connection, "INSERT INTO summaries (user_id, session_id, text, long_term, created_at, embedding)"
                            + " VALUES (?, ?, ?, ?, ?, ?) RETURNING id", user.value(), s.longTerm() ? null : s.session(),
                    s.text(), s.longTerm(), millis(s.createdAt(), now), EmbeddingCodec.encode(embeddingOf.apply(s.text())));
        }
        for (MemoryExport.ExportedEntity e : data.entities()) {
            entity(connection, user, e, embeddingOf, now);
        }
        for (MemoryExport.ExportedTurn t : data.turns()) {
            Statements.insert(connection, "INSERT INTO turns (user_id, session_id, role, text, at, embedding)"
                            + " VALUES (?, ?, ?, ?, ?, ?) RETURNING id", user.value(), t.session(), t.role(), t.text(),
                    millis(t.at(), now), EmbeddingCodec.encode(embeddingOf.apply(t.text())));
        }
        return new ImportCounts(data.facts().size(), data.summaries().size(), data.entities().size(), data.turns().size());
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
                               long at, String session) throws SQLException {
        Statements.update(connection, "INSERT INTO fact_history (fact_id, user_id, kind, before_text, after_text, at,"
                + " source_session, source_turn) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", factId, user.value(), kind, before, after, at,
                session, null);
    }

    private static long millis(Instant at, long fallback) {
        return at == null ? fallback : at.toEpochMilli();
    }
}
