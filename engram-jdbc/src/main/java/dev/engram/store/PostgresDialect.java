package dev.engram.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * PostgreSQL: many writers. A job claim locks candidate rows with {@code FOR UPDATE SKIP LOCKED} so
 * that concurrent workers never wait on each other, and takes a transaction-scoped advisory lock on
 * the job's user so that two workers cannot start two jobs of one user at once.
 */
public final class PostgresDialect implements SqlDialect {
    /** How long {@link #scrub} waits for its table's exclusive lock. */
    static final String SCRUB_LOCK_TIMEOUT = "5s";

    @Override
    public String migrations() {
        return "classpath:db/migration/postgres";
    }

    @Override
    public void begin(Connection connection, boolean write) throws SQLException {
        connection.setAutoCommit(false);
        if (!write) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            }
        }
    }

    @Override
    public void commit(Connection connection) throws SQLException {
        connection.commit();
        connection.setAutoCommit(true);
    }

    @Override
    public void rollback(Connection connection) throws SQLException {
        connection.rollback();
        connection.setAutoCommit(true);
    }

    @Override
    public boolean singleWriter() {
        return false;
    }

    @Override
    public String shareRowLock() {
        return " FOR SHARE";
    }

    @Override
    public long nextRevision(Connection connection) throws SQLException {
        return Statements.queryLong(connection, "SELECT nextval('revision_counter')");
    }

    @Override
    public OptionalLong lockClaimableJob(Connection connection, long nowMillis) throws SQLException {
        // One candidate at a time: locking several rows at once would hide them all from other workers.
        List<String> skippedUsers = new ArrayList<>();
        while (true) {
            Optional<Candidate> candidate = nextCandidate(connection, nowMillis, skippedUsers);
            if (candidate.isEmpty()) {
                return OptionalLong.empty();
            }
            String user = candidate.get().user();
            // The candidate query's snapshot may predate another worker's committed claim; only a
            // check made while holding the user's lock is reliable.
            if (tryLockUser(connection, user) && !userHasLiveJob(connection, user, candidate.get().jobId(), nowMillis)) {
                return OptionalLong.of(candidate.get().jobId());
            }
            skippedUsers.add(user);
        }
    }

    /**
     * {@inheritDoc} A plain VACUUM is not enough: it frees the dead tuples' space but leaves their
     * bytes in the page until something else is written there. VACUUM FULL writes the table (its
     * TOAST table and indexes too) to new files and drops the old ones. It holds an exclusive lock
     * on the table while it runs, so it gives up after waiting {@link #SCRUB_LOCK_TIMEOUT} for the
     * lock rather than stall every writer queued behind it; the request stays for the next scrub.
     */
    @Override
    public void scrub(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET lock_timeout = '" + SCRUB_LOCK_TIMEOUT + "'");
            try {
                statement.execute("VACUUM FULL " + table);
            } finally {
                statement.execute("RESET lock_timeout");
            }
        }
    }

    /** {@inheritDoc} PostgreSQL's WAL lives outside the tables' files and is recycled by the server itself. */
    @Override
    public boolean truncateLog(Connection connection) {
        return true;
    }

    private record Candidate(long jobId, String user) {}

    private static Optional<Candidate> nextCandidate(Connection connection, long nowMillis, List<String> skippedUsers)
            throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT j.id, j.user_id FROM jobs j WHERE ").append(JdbcJobQueue.CLAIMABLE);
        List<Object> params = new ArrayList<>(List.of(nowMillis, nowMillis, nowMillis));
        if (!skippedUsers.isEmpty()) {
            sql.append(" AND j.user_id NOT IN (").append("?, ".repeat(skippedUsers.size() - 1)).append("?)");
            params.addAll(skippedUsers);
        }
        sql.append(" ORDER BY j.run_at, j.id LIMIT 1 FOR UPDATE SKIP LOCKED");
        return Statements.one(connection, sql.toString(),
                row -> new Candidate(row.getLong("id"), row.getString("user_id")), params.toArray());
    }

    private static boolean tryLockUser(Connection connection, String user) throws SQLException {
        return Statements.one(connection, "SELECT pg_try_advisory_xact_lock(hashtext(?))",
                row -> row.getBoolean(1), "engram.jobs:" + user).orElseThrow();
    }

    private static boolean userHasLiveJob(Connection connection, String user, long jobId, long nowMillis)
            throws SQLException {
        return Statements.queryOptionalLong(connection,
                "SELECT id FROM jobs WHERE user_id = ? AND id <> ? AND status = 'RUNNING' AND lease_until >= ? LIMIT 1",
                user, jobId, nowMillis).isPresent();
    }
}
