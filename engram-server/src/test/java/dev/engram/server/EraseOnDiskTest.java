package dev.engram.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.memory.MemoryFilePath;
import dev.engram.memory.UserId;
import dev.engram.tenant.ApiKeys;
import dev.engram.tenant.Tenant;
import dev.engram.testkit.Await;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Erase means erased on disk, not only for SQL: after the API erases a user or forgets a fact, the
 * erased text is in no file Engram keeps. On SQLite that is every file in the data directory (the
 * database, its {@code -wal} and {@code -shm}); on PostgreSQL the files of every relation of the
 * schema, with their TOAST tables and indexes, read from the server's data directory.
 */
@Timeout(120)
class EraseOnDiskTest {
    private static final String SECRET = "zebraquokka4921";
    private static final String OTHER_SECRET = "walrusmarmot7777";
    private static final String KEPT = "platypusheron5555";

    @TempDir
    Path dir;

    @Test
    void erasingAUser_leavesNoBytesInAnyFile_sqlite() throws Exception {
        try (ServerHarness h = ServerHarness.sqlite(dir)) {
            String key = h.key("acme");
            fill(h, key, "alice", SECRET);
            fill(h, key, "bob", KEPT);
            assertThat(filesUnder(dir, SECRET)).as("the scan finds the text before the erase").isNotEmpty();

            assertThat(h.delete(key, "/v1/users/alice").status()).isEqualTo(200);

            // Scrubbed right after the erase; a scrub that had to wait for a lock is retried in the background.
            Await.until("no file under the data directory holds the erased text", Duration.ofSeconds(60),
                    () -> filesUnder(dir, SECRET).isEmpty());
            assertThat(filesUnder(dir, KEPT)).as("another user's memory is still there").isNotEmpty();
            assertThat(h.get(key, "/v1/users/bob/memories").body()).contains(KEPT);
        }
    }

    @Test
    void forgettingOneFact_leavesNoBytesOfIt_sqlite() throws Exception {
        try (ServerHarness h = ServerHarness.sqlite(dir)) {
            String key = h.key("acme");
            long forgotten = h.post(key, "/v1/users/alice/memories", "{\"text\":\"My PIN is " + OTHER_SECRET + ".\"}")
                    .json().path("memory").path("id").asLong();
            long kept = h.post(key, "/v1/users/alice/memories", "{\"text\":\"Keeps " + KEPT + ".\"}")
                    .json().path("memory").path("id").asLong();
            // An edit puts the old text in the fact's history too.
            h.patch(key, "/v1/users/alice/memories/" + forgotten, "{\"text\":\"My PIN is " + OTHER_SECRET + " (new).\"}");
            assertThat(filesUnder(dir, OTHER_SECRET)).isNotEmpty();

            assertThat(h.delete(key, "/v1/users/alice/memories/" + forgotten).status()).isEqualTo(200);

            Await.until("no file holds the forgotten fact", Duration.ofSeconds(60), () -> filesUnder(dir, OTHER_SECRET).isEmpty());
            assertThat(h.get(key, "/v1/users/alice/memories").body()).contains(KEPT);
            assertThat(kept).isPositive();
        }
    }

    @Test
    void deletingAMemoryFile_leavesNoBytesOfIt_sqlite() throws Exception {
        try (ServerHarness h = ServerHarness.sqlite(dir)) {
            String key = h.key("acme");
            fill(h, key, "alice", KEPT);
            UserId alice = internalUser(h, key, "alice");
            MemoryFilePath secret = MemoryFilePath.parse("/memories/pin.md");
            h.store.files().create(alice, secret, "PIN " + OTHER_SECRET, null).orElseThrow();
            assertThat(filesUnder(dir, OTHER_SECRET)).isNotEmpty();

            assertThat(h.store.files().delete(alice, secret)).isEqualTo(1);

            Await.until("no file holds the deleted memory file", Duration.ofSeconds(60),
                    () -> filesUnder(dir, OTHER_SECRET).isEmpty());
            assertThat(filesUnder(dir, KEPT)).as("the other memory file and the rest stay").isNotEmpty();
            assertThat(h.store.files().files(alice)).hasSize(1);
        }
    }

    @Test
    void erasingAUser_leavesNoBytesInTheRelationFiles_postgres() throws Exception {
        try (ServerHarness h = ServerHarness.postgres()) {
            String key = h.key("acme");
            fill(h, key, "bob", KEPT);
            fill(h, key, "alice", SECRET);
            checkpoint(h);
            assertThat(relationFilesHolding(h, SECRET)).as("the scan finds the text before the erase").isNotEmpty();

            assertThat(h.delete(key, "/v1/users/alice").status()).isEqualTo(200);

            Await.until("no relation file holds the erased text", Duration.ofSeconds(60), () -> {
                checkpoint(h);
                return relationFilesHolding(h, SECRET).isEmpty();
            });
            assertThat(relationFilesHolding(h, KEPT)).isNotEmpty();
            assertThat(h.get(key, "/v1/users/bob/memories").body()).contains(KEPT);
        }
    }

    /** A fact, a long message, an edit, an extracted fact and a memory-tool file, all carrying {@code marker}. */
    private static void fill(ServerHarness h, String key, String user, String marker) {
        assertThat(h.post(key, "/v1/users/" + user + "/memories", "{\"text\":\"Code word " + marker + ".\"}").status())
                .isEqualTo(201);
        assertThat(h.message(key, user, "remember: my locker is " + marker, null).status()).isEqualTo(200);
        String longMessage = ("A long story about " + marker + ". ").repeat(100);
        ServerHarness.Response story = h.message(key, user, longMessage, null);
        assertThat(story.status()).as(story.body()).isEqualTo(200);
        h.drain();
        h.store.files().create(internalUser(h, key, user), MemoryFilePath.parse("/memories/" + user + ".md"),
                "Memory tool note: " + marker, null).orElseThrow();
    }

    /** The internal id of the tenant's user, as the API maps it. */
    private static UserId internalUser(ServerHarness h, String key, String user) {
        Tenant tenant = h.tenants.tenantByKeyHash(ApiKeys.hash(key)).orElseThrow();
        return h.tenants.findUser(tenant, UserId.of(user)).orElseThrow();
    }

    private static List<Path> filesUnder(Path dir, String marker) throws IOException {
        byte[] needle = marker.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).filter(f -> contains(f, needle)).toList();
        }
    }

    private static boolean contains(Path file, byte[] needle) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            outer:
            for (int i = 0; i + needle.length <= bytes.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (bytes[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return true;
            }
            return false;
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file + ": " + e, e);
        }
    }

    private static void checkpoint(ServerHarness h) throws SQLException {
        try (Connection c = h.database.connect(); Statement s = c.createStatement()) {
            s.execute("CHECKPOINT");
        }
    }

    /** The files of the schema's tables, their TOAST tables and every index, that hold {@code marker}. */
    private static List<Path> relationFilesHolding(ServerHarness h, String marker) throws SQLException {
        List<Path> files = new ArrayList<>();
        try (Connection c = h.database.connect(); Statement s = c.createStatement()) {
            String dataDir;
            try (ResultSet r = s.executeQuery("SELECT current_setting('data_directory')")) {
                r.next();
                dataDir = r.getString(1);
            }
            String sql = "SELECT pg_relation_filepath(c.oid) FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace"
                    + " AND c.relkind IN ('r', 'i', 't')"
                    + " UNION SELECT pg_relation_filepath(c.reltoastrelid) FROM pg_class c"
                    + " WHERE c.relnamespace = current_schema()::regnamespace AND c.reltoastrelid <> 0"
                    + " UNION SELECT pg_relation_filepath(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.reltoastrelid = i.indrelid"
                    + " WHERE c.relnamespace = current_schema()::regnamespace";
            try (ResultSet r = s.executeQuery(sql)) {
                while (r.next()) {
                    if (r.getString(1) != null) {
                        Path base = Path.of(dataDir, r.getString(1));
                        for (int segment = 0; ; segment++) {
                            Path file = segment == 0 ? base : Path.of(base + "." + segment);
                            if (!Files.exists(file)) {
                                break;
                            }
                            files.add(file);
                        }
                    }
                }
            }
        }
        assertThat(files).as("relation files found").isNotEmpty();
        byte[] needle = marker.getBytes(StandardCharsets.UTF_8);
        return files.stream().filter(f -> contains(f, needle)).toList();
    }
}
