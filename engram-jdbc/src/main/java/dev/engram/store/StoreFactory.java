package dev.engram.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.engram.memory.MemoryStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Opens the {@link MemoryStore} a JDBC URL names, with a connection pool, and brings its schema up
 * to date. An empty URL means the SQLite file {@code engramHome/engram.db}; any URL that is not
 * SQLite or PostgreSQL is refused, never replaced by a default.
 */
public final class StoreFactory {
    /** File name of the default SQLite database inside Engram's home directory. */
    public static final String DEFAULT_FILE = "engram.db";

    private static final String SQLITE_PREFIX = "jdbc:sqlite:";
    private static final String POSTGRES_PREFIX = "jdbc:postgresql:";
    private static final int BUSY_TIMEOUT_MILLIS = 10_000;
    private static final int SQLITE_POOL_SIZE = 8;
    private static final int POSTGRES_POOL_SIZE = 8;

    /** The databases Engram can store memory in. */
    enum Backend {
        SQLITE,
        POSTGRES
    }

    private StoreFactory() {}

    /** {@link #open(String, Path, Clock)} with the system clock. */
    public static JdbcMemoryStore open(String jdbcUrlOrNull, Path engramHome) {
        return open(jdbcUrlOrNull, engramHome, Clock.systemUTC());
    }

    /**
     * Opens and migrates the store.
     *
     * @param jdbcUrlOrNull {@code jdbc:sqlite:<file>}, {@code jdbc:postgresql://host/db?...}, or null or
     *     blank for the SQLite file {@code engramHome/engram.db} (its directory is created)
     * @param engramHome Engram's home directory; only used when the URL is null or blank
     * @param clock source of the times the store assigns itself (creation and job bookkeeping)
     * @throws IllegalArgumentException if the URL names another database or an in-memory SQLite
     * @throws StoreException if the database cannot be opened or migrated
     */
    public static JdbcMemoryStore open(String jdbcUrlOrNull, Path engramHome, Clock clock) {
        return open(jdbcUrlOrNull, engramHome, clock, StoreOptions.defaults());
    }

    /** {@link #open(String, Path, Clock)} with the given durability settings. */
    public static JdbcMemoryStore open(String jdbcUrlOrNull, Path engramHome, Clock clock, StoreOptions options) {
        Objects.requireNonNull(clock, "clock must not be null");
        Objects.requireNonNull(options, "options must not be null");
        String url = jdbcUrlOrNull == null || jdbcUrlOrNull.isBlank()
                ? SQLITE_PREFIX + defaultFile(engramHome)
                : jdbcUrlOrNull.strip();
        Backend backend = backendOf(url);
        SqlDialect dialect = switch (backend) {
            case SQLITE -> new SqliteDialect();
            case POSTGRES -> new PostgresDialect();
        };
        HikariDataSource pool = switch (backend) {
            case SQLITE -> sqlitePool(url, options);
            case POSTGRES -> postgresPool(url);
        };
        try {
            Flyway.configure().dataSource(pool).locations(dialect.migrations()).load().migrate();
        } catch (RuntimeException e) {
            pool.close();
            throw new StoreException("could not bring the " + backend + " schema up to date: " + e.getMessage(), e);
        }
        JdbcMemoryStore store = new JdbcMemoryStore(pool, dialect, clock, options.scrubErased());
        // An erase whose scrub a crash or a lock timeout left undone is finished before anything else.
        store.scrubDeleted();
        return store;
    }

    static Backend backendOf(String url) {
        if (url.startsWith(SQLITE_PREFIX)) {
            return Backend.SQLITE;
        }
        if (url.startsWith(POSTGRES_PREFIX)) {
            return Backend.POSTGRES;
        }
        int schemeEnd = url.indexOf(':', url.indexOf(':') + 1);
        // Only the scheme is echoed: the rest of a URL may hold a password.
        String scheme = schemeEnd > 0 ? url.substring(0, schemeEnd + 1) : "a URL without a jdbc:<database>: prefix";
        throw new IllegalArgumentException("unsupported database URL (" + scheme + "): use " + SQLITE_PREFIX
                + "<file>, " + POSTGRES_PREFIX + "//<host>/<database>, or leave it empty for <engram home>/" + DEFAULT_FILE);
    }

    private static Path defaultFile(Path engramHome) {
        Objects.requireNonNull(engramHome, "engramHome must not be null when no database URL is given");
        try {
            PrivateFiles.createDirectories(engramHome);
        } catch (IOException e) {
            throw new StoreException("could not create Engram's home directory " + engramHome + ": " + e.getMessage(), e);
        }
        return engramHome.resolve(DEFAULT_FILE).toAbsolutePath();
    }

    private static HikariDataSource sqlitePool(String url, StoreOptions options) {
        String file = url.substring(SQLITE_PREFIX.length());
        int query = file.indexOf('?');
        file = query >= 0 ? file.substring(0, query) : file;
        if (file.isBlank() || file.contains(":memory:") || file.contains("mode=memory")) {
            throw new IllegalArgumentException("an in-memory SQLite database is not supported (each pooled connection"
                    + " would see its own): give a file, e.g. " + SQLITE_PREFIX + "/var/lib/engram/engram.db");
        }
        if (!file.startsWith("file:")) {
            createPrivately(Path.of(file));
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(options.sqliteSync() == StoreOptions.SqliteSync.FULL
                ? SQLiteConfig.SynchronousMode.FULL : SQLiteConfig.SynchronousMode.NORMAL);
        // Deleted content is overwritten with zeros, so erased text does not linger in free pages.
        config.setPragma(SQLiteConfig.Pragma.SECURE_DELETE, Boolean.toString(options.scrubErased()));
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        config.enforceForeignKeys(true);
        SQLiteDataSource sqlite = new SQLiteDataSource(config);
        sqlite.setUrl(url);
        HikariConfig pool = new HikariConfig();
        pool.setPoolName("engram-sqlite");
        pool.setDataSource(sqlite);
        pool.setMaximumPoolSize(SQLITE_POOL_SIZE);
        return open(pool, "SQLite database " + file);
    }

    private static HikariDataSource postgresPool(String url) {
        HikariConfig pool = new HikariConfig();
        pool.setPoolName("engram-postgres");
        pool.setJdbcUrl(url);
        pool.setMaximumPoolSize(POSTGRES_POOL_SIZE);
        return open(pool, "PostgreSQL database");
    }

    private static HikariDataSource open(HikariConfig config, String what) {
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreException("could not open the " + what + ": " + e.getMessage(), e);
        }
    }

    /** Creates the database file's directory ({@code 0700}) and the empty file ({@code 0600}) unless they exist. */
    private static void createPrivately(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        try {
            PrivateFiles.createDirectories(parent);
            // SQLite gives its -wal and -shm files the database file's permissions.
            PrivateFiles.createFile(file.toAbsolutePath());
        } catch (IOException e) {
            throw new StoreException("could not create the SQLite database " + file + " in " + parent + ": "
                    + e.getMessage(), e);
        }
    }
}
