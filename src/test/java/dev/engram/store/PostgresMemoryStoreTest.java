package dev.engram.store;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.engram.memory.NewFact;
import dev.engram.memory.Provenance;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The store contract on the real PostgreSQL server, each test in a fresh schema of its own that is
 * dropped afterwards. The server is {@code ENGRAM_TEST_POSTGRES_URL}, by default the local trust-auth
 * server {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}. Without a reachable server
 * the tests are skipped with a message, except on CI ({@code CI=true}), where they fail.
 */
class PostgresMemoryStoreTest extends AbstractMemoryStoreContractTest {
    private static final String SERVER = System.getenv().getOrDefault("ENGRAM_TEST_POSTGRES_URL",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

    /** Why the server cannot be used, or null when it can. */
    private static String unreachable;

    private String schema;
    private String url;

    @BeforeAll
    static void checkServer() {
        try (Connection connection = DriverManager.getConnection(SERVER)) {
            connection.isValid(5);
            unreachable = null;
        } catch (SQLException e) {
            unreachable = "PostgreSQL at " + SERVER + " is unreachable (" + e.getMessage() + ")";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(unreachable + ": on CI (CI=true) the PostgreSQL tests must run");
            }
            System.err.println("SKIPPING PostgresMemoryStoreTest: " + unreachable
                    + "; start the server or set ENGRAM_TEST_POSTGRES_URL to run it");
        }
    }

    @Override
    String createDatabase(Path tempDir) throws SQLException {
        // Per test rather than per class, so that every skipped test shows in the build's summary.
        Assumptions.assumeTrue(unreachable == null, () -> "skipped: " + unreachable);
        schema = "engram_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        try (Connection connection = DriverManager.getConnection(SERVER); Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        }
        url = SERVER + (SERVER.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return url;
    }

    @Override
    void dropDatabase() throws SQLException {
        if (schema != null) {
            try (Connection connection = DriverManager.getConnection(SERVER); Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    @Override
    Connection connect() throws SQLException {
        return DriverManager.getConnection(url);
    }

    @Test
    void factAttributes_thatAreNotAJsonObject_areRefusedByTheDatabaseItself() throws SQLException {
        store.addFact(ALICE, new NewFact("Likes tea.", null, Provenance.NONE, 1, T0, null));
        try (Connection c = connect(); Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.executeUpdate("UPDATE facts SET attributes = '[1]'"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("facts_attributes_object");
        }
    }
}
