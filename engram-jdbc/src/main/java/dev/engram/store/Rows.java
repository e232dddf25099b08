package dev.engram.store;

import dev.engram.memory.Attributes;
import dev.engram.memory.Entity;
import dev.engram.memory.Fact;
import dev.engram.memory.FactChange;
import dev.engram.memory.Job;
import dev.engram.memory.MemoryFile;
import dev.engram.memory.MemoryFilePath;
import dev.engram.memory.Provenance;
import dev.engram.memory.Role;
import dev.engram.memory.SessionId;
import dev.engram.memory.Summary;
import dev.engram.memory.Turn;
import dev.engram.memory.UserId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** The column lists the store selects and the mapping of their rows to memory records. */
final class Rows {
    static final String TURN = "id, user_id, session_id, role, text, at, embedding";
    static final String FACT = "id, user_id, statement, fact_key, subject, source_session, source_turn, confidence,"
            + " created_at, updated_at, valid_from, invalid_at, embedding, attributes, origin_id";
    static final String CHANGE = "fact_id, kind, before_text, after_text, at, source_session, source_turn";
    static final String SUMMARY = "id, user_id, session_id, text, long_term, created_at, embedding";
    static final String ENTITY = "id, user_id, name, type, notes, updated_at, embedding";
    static final String JOB = "id, user_id, type, payload, status, attempts, run_at, last_error, created_at";
    static final String FILE = "id, user_id, path, content, version, created_at, updated_at, embedding";

    private Rows() {}

    static Turn turn(ResultSet row) throws SQLException {
        return new Turn(row.getLong("id"), user(row), new SessionId(row.getString("session_id")),
                Role.valueOf(row.getString("role")), row.getString("text"), instant(row, "at"), embedding(row));
    }

    static Fact fact(ResultSet row) throws SQLException {
        return new Fact(row.getLong("id"), user(row), row.getString("statement"), row.getString("fact_key"),
                row.getString("subject"), provenance(row), row.getDouble("confidence"), instant(row, "created_at"),
                instant(row, "updated_at"), instant(row, "valid_from"), instant(row, "invalid_at"), embedding(row),
                new Attributes(row.getString("attributes")), row.getString("origin_id"));
    }

    static FactChange change(ResultSet row) throws SQLException {
        return new FactChange(row.getLong("fact_id"), FactChange.Kind.valueOf(row.getString("kind")),
                row.getString("before_text"), row.getString("after_text"), instant(row, "at"), provenance(row));
    }

    static Summary summary(ResultSet row) throws SQLException {
        String session = row.getString("session_id");
        return new Summary(row.getLong("id"), user(row), session == null ? null : new SessionId(session),
                row.getString("text"), row.getBoolean("long_term"), instant(row, "created_at"), embedding(row));
    }

    static Entity entity(ResultSet row) throws SQLException {
        return new Entity(row.getLong("id"), user(row), row.getString("name"), row.getString("type"),
                row.getString("notes"), instant(row, "updated_at"), embedding(row));
    }

    static MemoryFile file(ResultSet row) throws SQLException {
        return new MemoryFile(row.getLong("id"), user(row), new MemoryFilePath(row.getString("path")),
                row.getString("content"), row.getLong("version"), instant(row, "created_at"), instant(row, "updated_at"),
                embedding(row));
    }

    static Job job(ResultSet row) throws SQLException {
        return new Job(row.getLong("id"), user(row), row.getString("type"), row.getString("payload"),
                Job.Status.valueOf(row.getString("status")), row.getInt("attempts"), instant(row, "run_at"),
                row.getString("last_error"), instant(row, "created_at"));
    }

    /** The instant in a millisecond column, or null. */
    static Instant instant(ResultSet row, String column) throws SQLException {
        Long millis = Statements.nullableLong(row, column);
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }

    /** Epoch milliseconds of an instant, or null. */
    static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }

    static String sessionOf(Provenance source) {
        return source.session() == null ? null : source.session().value();
    }

    private static Provenance provenance(ResultSet row) throws SQLException {
        String session = row.getString("source_session");
        return new Provenance(session == null ? null : new SessionId(session),
                Statements.nullableLong(row, "source_turn"));
    }

    private static UserId user(ResultSet row) throws SQLException {
        return new UserId(row.getString("user_id"));
    }

    private static float[] embedding(ResultSet row) throws SQLException {
        return EmbeddingCodec.decode(row.getBytes("embedding"));
    }
}
