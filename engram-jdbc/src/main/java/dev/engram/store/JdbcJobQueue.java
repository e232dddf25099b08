package dev.engram.store;

import dev.engram.memory.Job;
import dev.engram.memory.JobQueue;
import dev.engram.memory.NewJob;
import dev.engram.memory.UserId;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The {@link JobQueue} of a {@link JdbcMemoryStore}, on the same database and connection pool.
 * Job bookkeeping does not change a user's memory revision. Thread safe.
 */
final class JdbcJobQueue implements JobQueue {

    /**
     * The claimable-job condition on {@code jobs j}, with three parameters, all "now": due pending
     * jobs and running jobs whose lease ran out, of users with no other live running job.
     */
    static final String CLAIMABLE = "((j.status = 'PENDING' AND j.run_at <= ?) OR (j.status = 'RUNNING' AND j.lease_until < ?))"
            + " AND NOT EXISTS (SELECT 1 FROM jobs o WHERE o.user_id = j.user_id AND o.id <> j.id"
            + " AND o.status = 'RUNNING' AND o.lease_until >= ?)";

    /** Where-clause of an update of a claimed job, with two parameters: its id and the claim's attempt. */
    private static final String HELD = " WHERE id = ? AND status = 'RUNNING' AND attempts = ?";

    private final TransactionRunner transactions;
    private final SqlDialect dialect;
    private final UserRevisions users;
    private final ClaimFence fence;
    private final Clock clock;

    JdbcJobQueue(TransactionRunner transactions, SqlDialect dialect, UserRevisions users, ClaimFence fence, Clock clock) {
        this.transactions = transactions;
        this.dialect = dialect;
        this.users = users;
        this.fence = fence;
        this.clock = clock;
    }

    @Override
    public Job enqueue(UserId user, NewJob job, Instant runAt) {
        Objects.requireNonNull(user, "user must not be null");
        checkJob(job);
        Objects.requireNonNull(runAt, "runAt must not be null");
        return transactions.write("enqueue a " + job.type() + " job for user " + user, connection -> {
            long now = clock.millis();
            users.ensure(connection, user, now);
            long id = insert(connection, user, job, runAt.toEpochMilli(), now);
            return job(connection, id);
        });
    }

    @Override
    public Optional<Job> claim(String worker, Instant now, Instant leaseUntil) {
        Objects.requireNonNull(worker, "worker must not be null");
        Objects.requireNonNull(now, "now must not be null");
        Objects.requireNonNull(leaseUntil, "leaseUntil must not be null");
        if (!leaseUntil.isAfter(now)) {
            throw new IllegalArgumentException("leaseUntil must be after now, was " + leaseUntil + " <= " + now);
        }
        return transactions.write("claim a job for worker " + worker, connection -> {
            OptionalLong id = dialect.lockClaimableJob(connection, now.toEpochMilli());
            if (id.isEmpty()) {
                return Optional.empty();
            }
            Statements.update(connection, "UPDATE jobs SET status = 'RUNNING', lease_until = ?, locked_by = ?,"
                            + " attempts = attempts + 1, updated_at = ? WHERE id = ?",
                    leaseUntil.toEpochMilli(), worker, clock.millis(), id.getAsLong());
            return Optional.of(job(connection, id.getAsLong()));
        });
    }

    @Override
    public <T> T runClaimed(Job claimed, Supplier<T> work) {
        Objects.requireNonNull(claimed, "claimed must not be null");
        Objects.requireNonNull(work, "work must not be null");
        return fence.run(claimed, work);
    }

    @Override
    public boolean complete(Job claimed) {
        Objects.requireNonNull(claimed, "claimed must not be null");
        return transactions.write("complete job " + claimed.id(), connection -> Statements.update(connection,
                "UPDATE jobs SET status = 'DONE', lease_until = NULL, locked_by = NULL, updated_at = ?" + HELD,
                clock.millis(), claimed.id(), claimed.attempts()) > 0);
    }

    @Override
    public boolean fail(Job claimed, String error, Instant retryAt) {
        Objects.requireNonNull(claimed, "claimed must not be null");
        Objects.requireNonNull(error, "error must not be null");
        return transactions.write("record the failure of job " + claimed.id(), connection -> (retryAt == null
                ? Statements.update(connection, "UPDATE jobs SET status = 'DEAD', last_error = ?, lease_until = NULL,"
                        + " locked_by = NULL, updated_at = ?" + HELD, error, clock.millis(), claimed.id(), claimed.attempts())
                : Statements.update(connection, "UPDATE jobs SET status = 'PENDING', last_error = ?, run_at = ?,"
                        + " lease_until = NULL, locked_by = NULL, updated_at = ?" + HELD,
                        error, retryAt.toEpochMilli(), clock.millis(), claimed.id(), claimed.attempts())) > 0);
    }

    /** {@inheritDoc} An empty {@code statuses} gives an empty list. */
    @Override
    public List<Job> list(List<Job.Status> statuses, int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive, was " + limit);
        }
        List<Job.Status> wanted = List.copyOf(statuses);
        if (wanted.isEmpty()) {
            return List.of();
        }
        String placeholders = wanted.stream().map(s -> "?").collect(Collectors.joining(", "));
        Object[] params = new Object[wanted.size() + 1];
        for (int i = 0; i < wanted.size(); i++) {
            params[i] = wanted.get(i).name();
        }
        params[wanted.size()] = limit;
        return transactions.read("list jobs in " + wanted, connection -> Statements.list(connection,
                "SELECT " + Rows.JOB + " FROM jobs WHERE status IN (" + placeholders + ") ORDER BY created_at, id LIMIT ?",
                Rows::job, params));
    }

    @Override
    public int outstanding() {
        return transactions.read("count outstanding jobs", connection -> (int) Statements.queryLong(connection,
                "SELECT COUNT(*) FROM jobs WHERE status IN ('PENDING', 'RUNNING')"));
    }

    /** {@inheritDoc} Its attempts start again from zero; the last error is kept. */
    @Override
    public boolean retry(long jobId, Instant now) {
        Objects.requireNonNull(now, "now must not be null");
        return transactions.write("retry job " + jobId, connection -> Statements.update(connection,
                "UPDATE jobs SET status = 'PENDING', run_at = ?, attempts = 0, updated_at = ? WHERE id = ? AND status = 'DEAD'",
                now.toEpochMilli(), clock.millis(), jobId) > 0);
    }

    /** Checks a job before any write, so that a bad job leaves nothing stored. */
    static void checkJob(NewJob job) {
        Objects.requireNonNull(job, "job must not be null");
        if (job.type().isBlank()) {
            throw new IllegalArgumentException("job type must not be blank");
        }
    }

    /** Inserts a pending job inside the caller's transaction; the user's row must exist. */
    static long insert(Connection connection, UserId user, NewJob job, long runAtMillis, long nowMillis)
            throws SQLException {
        return Statements.insert(connection, "INSERT INTO jobs (user_id, type, payload, status, attempts, run_at,"
                        + " created_at, updated_at) VALUES (?, ?, ?, 'PENDING', 0, ?, ?, ?) RETURNING id",
                user.value(), job.type(), job.payload(), runAtMillis, nowMillis, nowMillis);
    }

    private static Job job(Connection connection, long id) throws SQLException {
        return Statements.one(connection, "SELECT " + Rows.JOB + " FROM jobs WHERE id = ?", Rows::job, id)
                .orElseThrow(() -> new IllegalStateException("job " + id + " vanished inside its own transaction"));
    }
}
