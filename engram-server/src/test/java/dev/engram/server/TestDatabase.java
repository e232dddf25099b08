package dev.engram.server;

import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * A database for one test: a SQLite file in a temp directory, or a fresh schema on the real
 * PostgreSQL server ({@code ENGRAM_TEST_POSTGRES_URL}, by default the local trust-auth server),
 * dropped on close. Without a reachable PostgreSQL the test is skipped, except on CI ({@code CI=true}).
 */
public final class TestDatabase implements AutoCloseable {
    static final String POSTGRES = System.getenv().getOrDefault("ENGRAM_TEST_POSTGRES_URL",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

    private final String url;
    private final String schema;

    private TestDatabase(String url, String schema) {
        this.url = url;
        this.schema = schema;
    }

    public static TestDatabase sqlite(Path dir) {
        return new TestDatabase("jdbc:sqlite:" + dir.resolve("engram.db").toAbsolutePath(), null);
    }

    public static TestDatabase postgres() {
        try (Connection c = DriverManager.getConnection(POSTGRES); Statement s = c.createStatement()) {
            String schema = "engram_srv_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
            s.execute("CREATE SCHEMA " + schema);
            return new TestDatabase(POSTGRES + (POSTGRES.contains("?") ? "&" : "?") + "currentSchema=" + schema, schema);
        } catch (SQLException e) {
            String why = "PostgreSQL at " + POSTGRES + " is unreachable (" + e.getMessage() + ")";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(why + ": on CI (CI=true) the PostgreSQL tests must run");
            }
            System.err.println("SKIPPING a PostgreSQL server test: " + why);
            Assumptions.abort("skipped: " + why);
            throw new IllegalStateException("unreachable");
        }
    }

    public String url() {
        return url;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url);
    }

    @Override
    public void close() throws SQLException {
        if (schema != null) {
            try (Connection c = DriverManager.getConnection(POSTGRES); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }
}
