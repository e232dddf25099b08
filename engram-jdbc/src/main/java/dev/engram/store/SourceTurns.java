package dev.engram.store;

import dev.engram.memory.Role;
import dev.engram.memory.Turn;
import dev.engram.memory.UserId;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * The turns a fact came from, found and deleted inside the transaction that forgets the fact: the
 * source turns of the fact and of its history entries, each user turn with the assistant turn that
 * answered it. Deleting the rows takes their text and embeddings with them.
 */
final class SourceTurns {
    private SourceTurns() {}

    /** The ids of the fact's source turns and their replies that still exist, oldest source first. */
    static List<Long> of(Connection connection, UserId user, long factId) throws SQLException {
        List<Long> sources = Statements.list(connection, "SELECT source_turn FROM facts"
                        + " WHERE user_id = ? AND id = ? AND source_turn IS NOT NULL"
                        + " UNION SELECT source_turn FROM fact_history"
                        + " WHERE user_id = ? AND fact_id = ? AND source_turn IS NOT NULL ORDER BY 1",
                row -> row.getLong(1), user.value(), factId, user.value(), factId);
        LinkedHashSet<Long> turns = new LinkedHashSet<>();
        for (long id : sources) {
            Optional<Turn> turn = Statements.one(connection, "SELECT " + Rows.TURN + " FROM turns WHERE user_id = ? AND id = ?",
                    Rows::turn, user.value(), id);
            if (turn.isPresent()) {
                turns.add(id);
                if (turn.get().role() == Role.USER) {
                    replyTo(connection, turn.get()).ifPresent(turns::add);
                }
            }
        }
        return List.copyOf(turns);
    }

    /** Deletes the user's turns with these ids. */
    static void delete(Connection connection, UserId user, List<Long> turnIds) throws SQLException {
        for (long id : turnIds) {
            Statements.update(connection, "DELETE FROM turns WHERE user_id = ? AND id = ?", user.value(), id);
        }
    }

    /** The turn right after {@code turn} in its session, when it is the assistant's. */
    private static Optional<Long> replyTo(Connection connection, Turn turn) throws SQLException {
        long at = turn.at().toEpochMilli();
        return Statements.one(connection, "SELECT id, role FROM turns WHERE user_id = ? AND session_id = ?"
                                + " AND (at > ? OR (at = ? AND id > ?)) ORDER BY at, id LIMIT 1",
                        row -> Role.valueOf(row.getString("role")) == Role.ASSISTANT ? row.getLong("id") : null,
                        turn.userId().value(), turn.sessionId().value(), at, at, turn.id())
                .filter(id -> id != null);
    }
}
