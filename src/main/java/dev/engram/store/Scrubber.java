package dev.engram.store;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Takes erased text off the disk once the delete has committed. A delete records the tables it
 * deleted from ({@link #request}) in its own transaction, so the request survives a crash; {@link
 * #run} then scrubs each requested table with the dialect and empties the write-ahead log. A scrub
 * that fails (a lock it could not get, a reader holding the log) leaves its request for the next
 * run: after the next erase, or when the store next opens. Thread safe; one run at a time.
 */
final class Scrubber {
    private static final Logger LOG = System.getLogger(Scrubber.class.getName());
    /** The tables a delete may ask to scrub: table names are put into SQL, so only these are accepted. */
    static final Set<String> TABLES = Set.of("turns", "facts", "fact_history", "summaries", "entities", "jobs",
            "tenant_users", "users", "memory_files");

    private final TransactionRunner transactions;
    private final SqlDialect dialect;
    private final boolean enabled;

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
                        + " erased text may stay in it until the next erase or start");
            }
            return emptied;
        } catch (StoreException e) {
            LOG.log(Level.WARNING, "could not scrub erased rows off the disk yet; it is tried again after the next erase"
                    + " and at the next start: " + e.getMessage());
            return false;
        }
    }
}
