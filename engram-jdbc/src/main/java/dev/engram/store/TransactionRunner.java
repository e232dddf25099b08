package dev.engram.store;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

/**
 * Runs units of work on pooled connections: writes in one transaction each, reads either as single
 * auto-committed statements or in one snapshot. Turns {@link SQLException} into
 * {@link StoreException} naming what failed; any exception rolls the transaction back.
 */
final class TransactionRunner {

    /** A unit of work on one connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;
    private final SqlDialect dialect;
    private final ReentrantLock writeLock;

    TransactionRunner(DataSource dataSource, SqlDialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.writeLock = dialect.singleWriter() ? new ReentrantLock(true) : null;
    }

    /** Runs {@code work} in one write transaction; {@code what} completes "could not ...". */
    <T> T write(String what, Work<T> work) {
        return inTransaction(what, true, work);
    }

    /** Runs {@code work} in one read-only transaction that sees a single snapshot. */
    <T> T snapshot(String what, Work<T> work) {
        return inTransaction(what, false, work);
    }

    /** Runs {@code work} outside any explicit transaction; meant for a single statement. */
    <T> T read(String what, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    private <T> T inTransaction(String what, boolean write, Work<T> work) {
        // The connection is taken before the write lock, so that a writer never holds the lock while it
        // waits for the pool: every other writer would wait behind it.
        try (Connection connection = dataSource.getConnection()) {
            boolean locked = write && writeLock != null;
            if (locked) {
                writeLock.lock();
            }
            try {
                return run(connection, write, work);
            } finally {
                if (locked) {
                    writeLock.unlock();
                }
            }
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    private <T> T run(Connection connection, boolean write, Work<T> work) throws SQLException {
        dialect.begin(connection, write);
        T result;
        try {
            result = work.run(connection);
        } catch (SQLException | RuntimeException | Error e) {
            rollback(connection, e);
            throw e;
        }
        try {
            dialect.commit(connection);
        } catch (SQLException e) {
            rollback(connection, e);
            throw e;
        }
        return result;
    }

    private void rollback(Connection connection, Throwable cause) {
        try {
            dialect.rollback(connection);
        } catch (SQLException | RuntimeException e) {
            cause.addSuppressed(e);
            // A connection that may still be inside a transaction must not go back to the pool: on
            // SQLite it could hold the write lock for good.
            if (dataSource instanceof HikariDataSource pool) {
                pool.evictConnection(connection);
            }
        }
    }

    private static StoreException failure(String what, SQLException e) {
        return new StoreException("could not " + what + ": " + e.getMessage(), e);
    }
}
