package dev.engram.store;

import dev.engram.memory.MemoryStore;
import dev.engram.testkit.AbstractMemoryStoreContractTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.engram.memory.NewFact;
import dev.engram.memory.Provenance;
import java.nio.file.Path;
import java.time.Clock;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The store contract on the real PostgreSQL server, each test in a fresh schema of its own that is
 * dropped afterwards. The server is {@code ENGRAM_TEST_POSTGRES_URL}, by default the local trust-auth
 * server {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}. Without a reachable server
 * the tests are skipped with a message, except on CI ({@code CI=true}), where they fail.
 */
class PostgresMemoryStoreTest extends AbstractMemoryStoreContractTest implements TenantFactContract {
    @Override
    protected MemoryStore open(String url, Path home, Clock clock) {
        return StoreFactory.open(url, home, clock);
    }

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
    protected String createDatabase(Path tempDir) throws SQLException {
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
    protected void dropDatabase() throws SQLException {
        if (schema != null) {
            try (Connection connection = DriverManager.getConnection(SERVER); Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    @Override
    protected Connection connect() throws SQLException {
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

    @org.junit.jupiter.api.Test
    void forgetFact_leavesNoBytesOfItsSourceTurnsInTheTablesFiles() throws Exception {
        String pin = "quokkazebra4921";
        var said = store.appendTurn(ALICE, S1, dev.engram.memory.Role.USER, "My bank PIN is " + pin + ".", T0, null, java.util.List.of());
        store.appendTurn(ALICE, S1, dev.engram.memory.Role.ASSISTANT, "Noted: " + pin + ".", T0.plusSeconds(1), null, java.util.List.of());
        var fact = store.addFact(ALICE, new dev.engram.memory.NewFact("Bank PIN is " + pin + ".", null,
                new dev.engram.memory.Provenance(S1, said.id()), 1, T0, null));
        store.appendTurn(ALICE, S2, dev.engram.memory.Role.USER, "I like tea.", T0.plusSeconds(2), null, java.util.List.of());
        checkpoint();
        assertThat(relationFilesHolding(pin)).as("the scan finds the text first").isNotEmpty();

        store.forgetFact(ALICE, fact.id());

        // Scrubbed right after the forget; a scrub that had to wait for a lock is retried in the background.
        dev.engram.testkit.Await.until("no relation file holds the forgotten turns", java.time.Duration.ofSeconds(60), () -> {
            checkpoint();
            return relationFilesHolding(pin).isEmpty();
        });
        assertThat(relationFilesHolding("I like tea.")).isNotEmpty();
    }

    @Test
    void forgetFact_whileTheTableIsLocked_isScrubbedInTheBackgroundOnceTheLockGoes() throws Exception {
        String pin = "lockedquokka8080";
        var fact = store.addFact(ALICE, new dev.engram.memory.NewFact("Door code " + pin + ".", null,
                dev.engram.memory.Provenance.NONE, 1, T0, null));
        checkpoint();
        try (Connection holder = connect(); Statement s = holder.createStatement()) {
            holder.setAutoCommit(false);
            // VACUUM FULL needs the table to itself: a reader's lock makes it give up after its lock timeout.
            s.execute("LOCK TABLE facts IN ACCESS SHARE MODE");
            store.forgetFact(ALICE, fact.id());
            assertThat(store.facts(ALICE, true)).isEmpty();
            assertThat(pendingScrubs()).contains("facts");
            holder.commit();
        }
        dev.engram.testkit.Await.until("the retried scrub cleared its request", java.time.Duration.ofSeconds(60),
                () -> pendingScrubs().isEmpty());
        checkpoint();
        assertThat(relationFilesHolding(pin)).isEmpty();
    }

    private java.util.List<String> pendingScrubs() throws SQLException {
        java.util.List<String> tables = new java.util.ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement();
             java.sql.ResultSet r = s.executeQuery("SELECT table_name FROM scrub_requests")) {
            while (r.next()) {
                tables.add(r.getString(1));
            }
        }
        return tables;
    }

    private void checkpoint() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("CHECKPOINT");
        }
    }

    /** The files of this schema's tables, TOAST tables and indexes that hold {@code text}. */
    private java.util.List<Path> relationFilesHolding(String text) throws Exception {
        java.util.List<Path> files = new java.util.ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement()) {
            String dataDir;
            try (java.sql.ResultSet r = s.executeQuery("SELECT current_setting('data_directory')")) {
                r.next();
                dataDir = r.getString(1);
            }
            try (java.sql.ResultSet r = s.executeQuery("SELECT pg_relation_filepath(c.oid) FROM pg_class c"
                    + " WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'i', 't')"
                    + " UNION SELECT pg_relation_filepath(c.reltoastrelid) FROM pg_class c"
                    + " WHERE c.relnamespace = current_schema()::regnamespace AND c.reltoastrelid <> 0")) {
                while (r.next()) {
                    if (r.getString(1) != null) {
                        Path base = Path.of(dataDir, r.getString(1));
                        for (int segment = 0; java.nio.file.Files.exists(segment == 0 ? base : Path.of(base + "." + segment)); segment++) {
                            files.add(segment == 0 ? base : Path.of(base + "." + segment));
                        }
                    }
                }
            }
        }
        assertThat(files).as("relation files found").isNotEmpty();
        byte[] needle = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.util.List<Path> holding = new java.util.ArrayList<>();
        for (Path f : files) {
            byte[] bytes = java.nio.file.Files.readAllBytes(f);
            for (int i = 0; i + needle.length <= bytes.length; i++) {
                if (java.util.Arrays.equals(bytes, i, i + needle.length, needle, 0, needle.length)) {
                    holding.add(f);
                    break;
                }
            }
        }
        return holding;
    }
}
