package dev.engram.store;

import dev.engram.memory.Job;
import dev.engram.memory.JobQueue.ClaimLostException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Supplier;

/**
 * Keeps a background job's writes from outliving its claim. While a thread runs work for a claimed
 * job ({@link #run}), {@link #check} makes each of its write transactions prove that the claim
 * still holds; an erase deletes the user's jobs, so a job that was running when its user was erased
 * can no longer write, and in particular cannot create the user again.
 *
 * <p>The check runs after the transaction has locked the user's row ({@link UserRevisions}), as an
 * erase does first, so on PostgreSQL a check and an erase of the same user are serialized; on SQLite
 * every write is. The job's row is read with a share lock where the database has row locks, so that
 * another worker cannot claim the job again between the check and the commit. Thread safe.
 */
final class ClaimFence {
    private final SqlDialect dialect;
    private final ThreadLocal<Job> current = new ThreadLocal<>();

    ClaimFence(SqlDialect dialect) {
        this.dialect = dialect;
    }

    /** Runs {@code work} on this thread under {@code claimed}; nested runs restore the outer claim. */
    <T> T run(Job claimed, Supplier<T> work) {
        Job outer = current.get();
        current.set(claimed);
        try {
            return work.get();
        } finally {
            if (outer == null) {
                current.remove();
            } else {
                current.set(outer);
            }
        }
    }

    /**
     * Inside a write transaction: does nothing outside {@link #run}; inside, throws
     * {@link ClaimLostException} unless the claimed job is still running under the same attempt.
     */
    void check(Connection connection) throws SQLException {
        Job claimed = current.get();
        if (claimed == null) {
            return;
        }
        if (!holds(connection, claimed)) {
            throw new ClaimLostException("memory job " + claimed.id() + " of user " + claimed.userId()
                    + " lost its claim (the user was erased, or another worker took the job after its lease ran out);"
                    + " its write was refused");
        }
    }

    private boolean holds(Connection connection, Job claimed) throws SQLException {
        return Statements.queryOptionalLong(connection, "SELECT id FROM jobs WHERE id = ? AND user_id = ?"
                        + " AND status = 'RUNNING' AND attempts = ?" + dialect.shareRowLock(),
                claimed.id(), claimed.userId().value(), claimed.attempts()).isPresent();
    }
}
