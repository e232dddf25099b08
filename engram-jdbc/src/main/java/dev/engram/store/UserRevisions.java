package dev.engram.store;

import dev.engram.memory.UserId;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Keeps the {@code users} row of each user: created on the first write, its revision replaced by a
 * fresh store-wide number on every write to the user's memory. Every write transaction calls one of
 * these first, which on PostgreSQL also locks the user's row and so serializes writes per user;
 * then, for a write on behalf of a background job, the {@link ClaimFence} checks the job's claim.
 */
final class UserRevisions {
    private final SqlDialect dialect;
    private final ClaimFence fence;

    UserRevisions(SqlDialect dialect, ClaimFence fence) {
        this.dialect = dialect;
        this.fence = fence;
    }

    /** Creates the user's row if needed and gives it a new revision and memory revision. */
    void bump(Connection connection, UserId user, long nowMillis) throws SQLException {
        long revision = dialect.nextRevision(connection);
        Statements.update(connection, "INSERT INTO users (user_id, revision, memory_revision, created_at) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (user_id) DO UPDATE SET revision = excluded.revision, memory_revision = excluded.memory_revision",
                user.value(), revision, revision, nowMillis);
        fence.check(connection);
    }

    /** Gives an existing user a new revision and memory revision; false if the user has no row (and so no memory). */
    boolean bumpExisting(Connection connection, UserId user) throws SQLException {
        long revision = dialect.nextRevision(connection);
        boolean exists = Statements.update(connection, "UPDATE users SET revision = ?, memory_revision = ? WHERE user_id = ?",
                revision, revision, user.value()) > 0;
        fence.check(connection);
        return exists;
    }

    /**
     * For a turn append: creates the user's row if needed (a new row counts as a memory change) and
     * gives it a new revision, leaving the memory revision of an existing row. Returns the revision.
     */
    long bumpForTurn(Connection connection, UserId user, long nowMillis) throws SQLException {
        long revision = dialect.nextRevision(connection);
        Statements.update(connection, "INSERT INTO users (user_id, revision, memory_revision, created_at) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (user_id) DO UPDATE SET revision = excluded.revision", user.value(), revision, revision, nowMillis);
        fence.check(connection);
        return revision;
    }

    /** For a change to an existing turn: a new revision, same memory revision; -1 if the user has no row. */
    long bumpExistingForTurn(Connection connection, UserId user) throws SQLException {
        long revision = dialect.nextRevision(connection);
        boolean exists = Statements.update(connection, "UPDATE users SET revision = ? WHERE user_id = ?", revision, user.value()) > 0;
        fence.check(connection);
        return exists ? revision : -1;
    }

    /** Creates the user's row if needed without touching the revision (job bookkeeping is not memory). */
    void ensure(Connection connection, UserId user, long nowMillis) throws SQLException {
        Statements.update(connection, "INSERT INTO users (user_id, revision, created_at) VALUES (?, 0, ?)"
                + " ON CONFLICT (user_id) DO NOTHING", user.value(), nowMillis);
        fence.check(connection);
    }
}
