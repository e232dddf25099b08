package dev.engram.store;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Takes erased text off the disk once the delete has committed. A delete records the tables it
 * deleted from ({@link #request}) in its own transaction, so the request survives a crash; {@link
 * #afterDelete} then scrubs each requested table with the dialect and empties the write-ahead log.
 * A scrub that fails (a lock it could not get, a reader holding the log) keeps its request and is
 * tried again on a background thread, waiting {@link #FIRST_RETRY} and then twice as long each time
 * up to {@link #LAST_RETRY}, until it succeeds; a request a crash left is run when the store next
 * opens. Thread safe; one run at a time.
 */
final class Scrubber {
    private static final Logger LOG = System.getLogger(Scrubber.class.getName());
    /** The tables a delete may ask to scrub: table names are put into SQL, so only these are accepted. */
    static final Set<String> TABLES = Set.of("turns", "facts", "fact_history", "summaries", "entities", "jobs",
            "tenant_users", "users", "memory_files");

    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration LAST_RETRY = Duration.ofMinutes(1);

    private final TransactionRunner transactions;
    private final SqlDialect dialect;
    private final boolean enabled;
    private ScheduledExecutorService retries;
    private Duration nextRetry = FIRST_RETRY;
    private boolean retryScheduled;
    private boolean closed;

    /** @param enabled false records nothing and scrubs nothing (see {@link StoreOptions#scrubErased}) */
    Scrubber(TransactionRunner transactions, SqlDialect dialect, boolean enabled) {
        this.transactions = transactions;
        this.dialect = dialect;
        this.enabled = enabled;
    }

    /** Inside a delete's transaction: asks for {@code tables} to be scrubbed once it commits. */
    void request(Connection connection, Collection<String> tables) throws SQLException {
        if (!enabled) {
            return;
        }
        for (String table : tables) {
            if (!TABLES.contains(table)) {
                throw new IllegalArgumentException("no table '" + table + "' can be scrubbed; expected one of " + TABLES);
            }
            Statements.update(connection, "INSERT INTO scrub_requests (table_name, generation) VALUES (?, 1)"
                    + " ON CONFLICT (table_name) DO UPDATE SET generation = scrub_requests.generation + 1", table);
        }
    }

    /** After a delete committed: scrubs now, and keeps trying in the background if that fails. */
    void afterDelete() {
        if (!run()) {
            scheduleRetry();
        }
    }

    /** Stops the background retries; requests left stay stored for the next start. */
    synchronized void close() {
        closed = true;
        if (retries != null) {
            retries.shutdownNow();
        }
    }

    private synchronized void scheduleRetry() {
        if (retryScheduled || closed) {
            return;
        }
        if (retries == null) {
            retries = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "engram-scrub");
                t.setDaemon(true);
                return t;
            });
        }
        retryScheduled = true;
        Duration delay = nextRetry;
        nextRetry = nextRetry.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : nextRetry.multipliedBy(2);
        retries.schedule(this::retry, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void retry() {
        synchronized (this) {
            retryScheduled = false;
        }
        if (run()) {
            synchronized (this) {
                nextRetry = FIRST_RETRY;
            }
        } else {
            scheduleRetry();
        }
    }

    /**
     * Scrubs every requested table, then empties the log. Returns true when nothing is left to
     * scrub; a failure is logged and its request kept, never thrown, since the delete itself has
     * already committed.
     */
    synchronized boolean run() {
        if (!enabled) {
            return true;
        }
        try {
            record Request(String table, long generation) {}
            List<Request> requests = transactions.read("read the tables to scrub", connection -> Statements.list(connection,
                    "SELECT table_name, generation FROM scrub_requests ORDER BY table_name",
                    row -> new Request(row.getString(1), row.getLong(2))));
            for (Request request : requests) {
                String table = request.table();
                if (!TABLES.contains(table)) {
                    throw new IllegalStateException("scrub_requests names an unknown table '" + table + "'");
                }
                transactions.read("scrub the table " + table, connection -> {
                    dialect.scrub(connection, table);
                    return null;
                });
                transactions.write("mark the table " + table + " scrubbed", connection -> Statements.update(connection,
                        "DELETE FROM scrub_requests WHERE table_name = ? AND generation = ?", table, request.generation()));
            }
            boolean emptied = transactions.read("empty the write-ahead log", dialect::truncateLog);
            if (!emptied) {
                LOG.log(Level.WARNING, "the write-ahead log could not be emptied after an erase (busy readers or writers);"
                        + " it is tried again in the background");
            }
            return emptied;
        } catch (StoreException e) {
            LOG.log(Level.WARNING, "could not scrub erased rows off the disk yet; it is tried again in the background"
                    + " and at the next start: " + e.getMessage());
            return false;
        }
    }
}
