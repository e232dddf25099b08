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
}
