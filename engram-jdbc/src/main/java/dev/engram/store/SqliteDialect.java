package dev.engram.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.OptionalLong;

/**
 * SQLite: one writer at a time. Write transactions start with {@code BEGIN IMMEDIATE} so that they
 * wait for the write lock (up to the connection's {@code busy_timeout}) instead of failing when a
 * reader upgrades; that also makes a job claim atomic without row locks.
 *
 * <p>Transactions are driven with SQL statements on a connection left in JDBC auto-commit mode,
 * because the driver re-opens a transaction right after {@code commit()} when auto-commit is off,
 * which would hold the write lock between our transactions.
 */
public final class SqliteDialect implements SqlDialect {

    @Override
    public String migrations() {
        return "classpath:db/migration/sqlite";
    }

    @Override
    public void begin(Connection connection, boolean write) throws SQLException {
        execute(connection, write ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED");
    }

    @Override
    public void commit(Connection connection) throws SQLException {
        execute(connection, "COMMIT");
    }

    @Override
    public void rollback(Connection connection) throws SQLException {
        execute(connection, "ROLLBACK");
    }

    @Override
    public boolean singleWriter() {
        return true;
    }

    @Override
    public String shareRowLock() {
        // A write transaction (BEGIN IMMEDIATE) already excludes every other writer.
        return "";
    }

    @Override
    public long nextRevision(Connection connection) throws SQLException {
        return Statements.queryLong(connection,
                "UPDATE revision_counter SET value = value + 1 WHERE id = 1 RETURNING value");
    }

    @Override
    public OptionalLong lockClaimableJob(Connection connection, long nowMillis) throws SQLException {
        // The surrounding BEGIN IMMEDIATE transaction already excludes every other writer.
        return Statements.queryOptionalLong(connection,
                "SELECT j.id FROM jobs j WHERE " + JdbcJobQueue.CLAIMABLE + " ORDER BY j.run_at, j.id LIMIT 1",
                nowMillis, nowMillis, nowMillis);
    }

    @Override
    public void scrub(Connection connection, String table) {
        // Connections run with secure_delete on: deleted content was overwritten with zeros when it was deleted.
    }

    @Override
    public boolean truncateLog(Connection connection) throws SQLException {
        // Waits (busy_timeout) for readers and writers; the first column is 1 when it could not finish.
        try (Statement statement = connection.createStatement();
             java.sql.ResultSet row = statement.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
            return row.next() && row.getInt(1) == 0;
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
