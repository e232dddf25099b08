package dev.engram.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.engram.memory.MemoryStore;
import dev.engram.memory.Role;
import dev.engram.memory.SessionId;
import dev.engram.memory.UserId;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreFactoryTest {
    private static final UserId ALICE = UserId.of("alice");

    @TempDir
    Path tempDir;

    @Test
    void open_withoutUrl_usesEngramDbInTheHomeDirectoryAndCreatesIt() {
        Path home = tempDir.resolve("not/yet/there");
        try (MemoryStore store = StoreFactory.open(null, home)) {
            store.appendTurn(ALICE, new SessionId("s"), Role.USER, "hi", Instant.EPOCH, null, List.of());
        }
        assertThat(home.resolve("engram.db")).isRegularFile();

        try (MemoryStore reopened = StoreFactory.open("  ", home)) {
            assertThat(reopened.turns(ALICE)).extracting(t -> t.text()).containsExactly("hi");
        }
    }

    @Test
    void open_sqliteUrlInAMissingDirectory_createsTheDirectory() {
        Path file = tempDir.resolve("a/b/memory.db");
        try (MemoryStore store = StoreFactory.open("jdbc:sqlite:" + file, tempDir.resolve("unused"))) {
            assertThat(store.users()).isEmpty();
        }
        assertThat(file).isRegularFile();
        assertThat(tempDir.resolve("unused")).doesNotExist();
    }

    @Test
    void open_otherDatabase_isRefusedNamingTheSupportedOnesWithoutEchoingTheUrl() {
        assertThatThrownBy(() -> StoreFactory.open("jdbc:mysql://db/engram?password=hunter2", tempDir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jdbc:mysql:")
                .hasMessageContaining("jdbc:sqlite:")
                .hasMessageContaining("jdbc:postgresql:")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> StoreFactory.open("/var/lib/engram.db", tempDir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jdbc:sqlite:");
    }

    @Test
    void open_inMemorySqlite_isRefused() {
        assertThatThrownBy(() -> StoreFactory.open("jdbc:sqlite::memory:", tempDir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("in-memory SQLite database is not supported");
    }

    @Test
    void open_sqlite_isDurableByDefault_andScrubsDeletes() {
        try (JdbcMemoryStore store = StoreFactory.open(null, tempDir)) {
            assertThat(pragma(store, "synchronous")).as("synchronous=FULL").isEqualTo("2");
            assertThat(pragma(store, "secure_delete")).isEqualTo("1");
            assertThat(pragma(store, "journal_mode")).isEqualTo("wal");
        }
    }

    @Test
    void open_sqliteWithNormalSync_isTheOptIn() {
        try (JdbcMemoryStore store = StoreFactory.open(null, tempDir, java.time.Clock.systemUTC(),
                StoreOptions.defaults().withSqliteSync(StoreOptions.SqliteSync.NORMAL))) {
            assertThat(pragma(store, "synchronous")).as("synchronous=NORMAL").isEqualTo("1");
            assertThat(pragma(store, "secure_delete")).isEqualTo("1");
        }
    }

    @Test
    void sqliteSync_unknownValue_isRefusedNamingTheSetting() {
        assertThatThrownBy(() -> StoreOptions.SqliteSync.parse("off"))
                .hasMessageContaining("ENGRAM_SQLITE_SYNCHRONOUS").hasMessageContaining("'off'");
        assertThat(StoreOptions.SqliteSync.parse(" Normal ")).isEqualTo(StoreOptions.SqliteSync.NORMAL);
    }

    @Test
    void open_createsTheHomeDirectoryAndTheDatabaseForTheOwnerOnly() throws Exception {
        Path home = tempDir.resolve("home/engram");
        try (MemoryStore store = StoreFactory.open(null, home)) {
            store.appendTurn(ALICE, new SessionId("s"), Role.USER, "hi", Instant.EPOCH, null, List.of());
            assertThat(mode(home)).isEqualTo("rwx------");
            assertThat(mode(home.getParent())).isEqualTo("rwx------");
            try (var files = java.nio.file.Files.list(home)) {
                List<Path> all = files.toList();
                assertThat(all).extracting(p -> p.getFileName().toString()).contains("engram.db", "engram.db-wal");
                assertThat(all).allSatisfy(f -> assertThat(mode(f)).as(f.toString()).isEqualTo("rw-------"));
            }
        }
    }

    private static String mode(Path path) {
        try {
            return java.nio.file.attribute.PosixFilePermissions.toString(java.nio.file.Files.getPosixFilePermissions(path));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String pragma(JdbcMemoryStore store, String name) {
        return store.onPooledConnection(c -> {
            try (var s = c.createStatement(); var r = s.executeQuery("PRAGMA " + name)) {
                r.next();
                return r.getString(1);
            }
        });
    }
}
