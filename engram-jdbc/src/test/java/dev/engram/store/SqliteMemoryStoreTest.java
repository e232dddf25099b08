package dev.engram.store;

import dev.engram.testkit.AbstractMemoryStoreContractTest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.memory.MemoryStore;
import dev.engram.memory.NewFact;
import dev.engram.memory.NewJob;
import dev.engram.memory.Provenance;
import dev.engram.memory.Role;
import dev.engram.memory.SessionId;
import java.nio.file.Path;
import java.time.Clock;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/** The store contract on a real SQLite file in a temp dir, plus what only SQLite has to show. */
class SqliteMemoryStoreTest extends AbstractMemoryStoreContractTest implements TenantFactContract {
    @Override
    protected MemoryStore open(String url, Path home, Clock clock) {
        return StoreFactory.open(url, home, clock);
    }

    private String url;

    @Override
    protected String createDatabase(Path tempDir) {
        url = "jdbc:sqlite:" + tempDir.resolve("db").resolve("engram.db");
        return url;
    }

    @Override
    protected void dropDatabase() {
        // The temp dir goes with the test.
    }

    @Override
    protected Connection connect() throws SQLException {
        return DriverManager.getConnection(url);
    }

    @Test
    void twoStoresOnOneFile_likeTwoProcesses_bothWriteAndSeeEachOther() throws Exception {
        try (MemoryStore other = StoreFactory.open(url, tempDir.resolve("home"), clock)) {
            List<Callable<Void>> writers = new ArrayList<>();
            for (MemoryStore writer : List.of(store, other)) {
                for (int t = 0; t < 3; t++) {
                    SessionId session = new SessionId("w" + writers.size());
                    writers.add(() -> {
                        for (int i = 0; i < 20; i++) {
                            writer.appendTurn(ALICE, session, Role.USER, "turn " + i, T0, null, List.of(new NewJob("x", "{}")));
                            writer.addFact(BOB, new NewFact("fact " + i, null, Provenance.NONE, 1, T0, null));
                        }
                        return null;
                    });
                }
            }

            runTogether(writers);

            assertThat(store.turns(ALICE)).hasSize(120);
            assertThat(other.turns(ALICE)).hasSize(120);
            assertThat(other.facts(BOB, false)).hasSize(120);
            assertThat(store.jobs().outstanding()).isEqualTo(120);
        }
    }

    @Test
    void database_isInWalModeWithForeignKeysEnforced() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            try (ResultSet mode = statement.executeQuery("PRAGMA journal_mode")) {
                mode.next();
                assertThat(mode.getString(1)).isEqualToIgnoringCase("wal");
            }
        }
        // The store's own connections enforce foreign keys: a job of a user with no users row is refused.
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA foreign_keys = ON");
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> statement.execute(
                    "INSERT INTO jobs (user_id, type, payload, status, run_at, created_at, updated_at)"
                            + " VALUES ('nobody', 't', '{}', 'PENDING', 0, 0, 0)")))
                    .isInstanceOf(SQLException.class);
        }
    }

    @Test
    void forgetFactAndDeleteSummary_leaveNoBytesOfTheirTextInAnyFileOfTheDatabase() throws Exception {
        String pin = "quokkazebra4921";
        var said = store.appendTurn(ALICE, S1, Role.USER, "My bank PIN is " + pin + ".", T0, null, List.of());
        store.appendTurn(ALICE, S1, Role.ASSISTANT, "Noted: " + pin + ".", T0.plusSeconds(1), null, List.of());
        var fact = store.addFact(ALICE, new NewFact("Bank PIN is " + pin + ".", null, new Provenance(S1, said.id()), 1, T0, null));
        var summary = store.addSummary(ALICE, S1, "Alice gave her PIN, " + pin + ".", T0, null);
        store.appendTurn(ALICE, S2, Role.USER, "I like tea.", T0.plusSeconds(2), null, List.of());
        Path files = tempDir.resolve("db");
        assertThat(filesHolding(files, pin)).as("the scan finds the text first").isNotEmpty();

        store.forgetFact(ALICE, fact.id());
        store.deleteSummary(ALICE, summary.id());

        assertThat(filesHolding(files, pin)).isEmpty();
        assertThat(filesHolding(files, "I like tea.")).isNotEmpty();
    }

    private static List<Path> filesHolding(Path dir, String text) throws java.io.IOException {
        byte[] needle = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        List<Path> holding = new ArrayList<>();
        try (var files = java.nio.file.Files.walk(dir)) {
            for (Path f : files.filter(java.nio.file.Files::isRegularFile).toList()) {
                byte[] bytes = java.nio.file.Files.readAllBytes(f);
                for (int i = 0; i + needle.length <= bytes.length; i++) {
                    if (java.util.Arrays.equals(bytes, i, i + needle.length, needle, 0, needle.length)) {
                        holding.add(f);
                        break;
                    }
                }
            }
        }
        return holding;
    }
}
