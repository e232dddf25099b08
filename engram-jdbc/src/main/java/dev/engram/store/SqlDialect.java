package dev.engram.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.OptionalLong;

/**
 * What differs between the databases {@link JdbcMemoryStore} runs on. Everything else (the query
 * text, {@code ON CONFLICT} upserts, {@code RETURNING id}) is shared, because SQLite and PostgreSQL
 * agree on it.
 *
 * <p>Implementations are stateless and thread safe. Methods taking a {@link Connection} throw the
 * driver's {@link SQLException}; the store wraps it.
 */
public interface SqlDialect {

    /** Flyway location of this database's schema, e.g. {@code classpath:db/migration/sqlite}. */
    String migrations();

    /**
     * Starts a transaction on a connection in auto-commit mode. A write transaction takes the
     * database's write lock up front where the database needs that to avoid lock-upgrade failures; a
     * read transaction sees one consistent snapshot.
     */
    void begin(Connection connection, boolean write) throws SQLException;

    /** Commits the transaction {@link #begin} started and leaves the connection in auto-commit mode. */
    void commit(Connection connection) throws SQLException;

    /** Rolls back the transaction {@link #begin} started and leaves the connection in auto-commit mode. */
    void rollback(Connection connection) throws SQLException;

    /**
     * True when the database allows one writer at a time, so that this process's writers should
     * queue on a lock rather than spin on the database's busy timeout.
     */
    boolean singleWriter();

    /** Takes the next store-wide revision number; numbers are never reused, even after an erase. */
    long nextRevision(Connection connection) throws SQLException;

    /**
     * What to append to a {@code SELECT} of one row so that, until the transaction ends, no other
     * transaction can change the row: {@code " FOR SHARE"} where the database locks rows, empty where
     * it allows one writer at a time anyway.
     */
    String shareRowLock();

    /**
     * Inside a write transaction, finds the job {@link dev.engram.memory.JobQueue#claim} should take
     * at {@code nowMillis} and makes sure no concurrent claim can take it or another job of the same
     * user before this transaction ends. Empty when no job is runnable.
     */
    OptionalLong lockClaimableJob(Connection connection, long nowMillis) throws SQLException;

    /**
     * Makes the deleted rows of {@code table} leave the database's files, outside any transaction.
     * Where deleted content is already overwritten when it is deleted, this does nothing.
     */
    void scrub(Connection connection, String table) throws SQLException;

    /**
     * Outside any transaction, moves everything committed from the database's write-ahead log into
     * its files and empties the log, where the database keeps a log of its own next to its file.
     * Returns false when readers or writers kept the log from being emptied.
     */
    boolean truncateLog(Connection connection) throws SQLException;
}
