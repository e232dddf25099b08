package dev.engram.server.mem0;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.engram.curation.MemoryService;
import dev.engram.memory.Attributes;
import dev.engram.memory.Fact;
import dev.engram.memory.FactChange;
import dev.engram.memory.ImportCounts;
import dev.engram.memory.MemoryExport;
import dev.engram.memory.MemoryStore;
import dev.engram.memory.UserId;
import dev.engram.store.StoreFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading mem0 exports for import: get-all JSON in each shape mem0 writes, mem0's SQLite history
 * files (created here with the SQLite driver, in mem0's own table layouts), the checks that refuse
 * a file before anything is written, and the import of a plan into a real SQLite store.
 */
class Mem0ImportTest {
    static final String CRICKET = "0b7a3c5e-1f2d-4c9a-9a51-2f6f3b1b9a10";
    static final String TEA = "5e1c2a7d-9b3f-4e8a-8c6d-1a2b3c4d5e6f";
    static final String GONE = "9f8e7d6c-5b4a-4a3b-9c2d-1e0f9a8b7c6d";
    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    private static final UserId ALICE = UserId.of("alice");

    @TempDir
    Path dir;

    /** The JS client's getAll, JSON.stringify'd: the paginated envelope, camelCased. */
    static String jsExport() {
        return Mem0Calls.json("{'count': 2, 'next': null, 'previous': null, 'results': ["
                + "{'id': '" + CRICKET + "', 'memory': 'Loves cricket', 'userId': 'alice', 'agentId': null, 'appId': null,"
                + " 'sessionId': null, 'metadata': {'source': 'app', 'snake_key': 1.50}, 'categories': ['sports'],"
                + " 'createdAt': '2025-01-01T10:00:00-08:00', 'updatedAt': '2025-02-01T10:00:00-08:00',"
                + " 'expirationDate': null, 'structuredAttributes': {'dayOfWeek': 'wednesday'}},"
                + "{'id': '" + TEA + "', 'memory': 'Drinks green tea', 'userId': 'alice', 'metadata': null, 'categories': null,"
                + " 'createdAt': '2025-01-03T09:00:00+00:00', 'updatedAt': '2025-01-03T09:00:00+00:00'}]}");
    }

    /** mem0's Python history.db, in the current layout: cricket added and updated, a deleted memory, tea added. */
    Path pythonHistory() throws Exception {
        return pythonHistory(dir);
    }

    static Path pythonHistory(Path dir) throws Exception {
        Path file = dir.resolve("history.db");
        sqlite(file, "CREATE TABLE history (id TEXT PRIMARY KEY, memory_id TEXT, old_memory TEXT, new_memory TEXT, event TEXT,"
                        + " created_at DATETIME, updated_at DATETIME, is_deleted INTEGER, actor_id TEXT, role TEXT)",
                "INSERT INTO history VALUES ('h3', '" + CRICKET + "', 'Likes cricket', 'Loves cricket', 'UPDATE',"
                        + " '2025-01-01T10:00:00-08:00', '2025-02-01T10:00:00-08:00', 0, NULL, NULL)",
                "INSERT INTO history VALUES ('h1', '" + CRICKET + "', NULL, 'Likes cricket', 'ADD',"
                        + " '2025-01-01T10:00:00-08:00', NULL, 0, NULL, 'user')",
                "INSERT INTO history VALUES ('h2', '" + GONE + "', NULL, 'Has a dog', 'ADD', '2025-01-02 08:00:00+00:00', NULL, 0,"
                        + " NULL, NULL)",
                "INSERT INTO history VALUES ('h4', '" + GONE + "', 'Has a dog', NULL, 'DELETE', '2025-01-02T08:00:00+00:00',"
                        + " '2025-01-05T08:00:00+00:00', 1, NULL, NULL)",
                "INSERT INTO history VALUES ('h5', '" + TEA + "', NULL, 'Drinks green tea', 'ADD', '2025-01-03T09:00:00+00:00',"
                        + " '2025-01-03T09:00:00+00:00', 0, NULL, NULL)");
        return file;
    }

    static void sqlite(Path file, String... statements) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.executeUpdate(sql);
            }
        }
    }

    @Test
    void aJsClientExportWithPythonHistory_becomesFactsWithTheirTextTimesMetadataIdsAndHistory() throws Exception {
        Mem0Import.Plan plan = Mem0Import.plan(jsExport(), pythonHistory(), null, false, NOW);

        assertThat(plan.users()).containsOnlyKeys(ALICE);
        List<MemoryExport.ExportedFact> facts = plan.users().get(ALICE).facts();
        assertThat(facts).extracting(MemoryExport.ExportedFact::statement, MemoryExport.ExportedFact::originId,
                MemoryExport.ExportedFact::createdAt).containsExactly(
                tuple("Loves cricket", CRICKET, Instant.parse("2025-01-01T18:00:00Z")),
                tuple("Drinks green tea", TEA, Instant.parse("2025-01-03T09:00:00Z")));
        assertThat(facts.get(0).attributes()).isEqualTo(new Attributes("{\"source\":\"app\",\"snake_key\":1.50}"));
        assertThat(facts.get(0).updatedAt()).isEqualTo(Instant.parse("2025-02-01T18:00:00Z"));
        assertThat(facts.get(0).history()).extracting(MemoryExport.ExportedChange::kind, MemoryExport.ExportedChange::before,
                MemoryExport.ExportedChange::after, MemoryExport.ExportedChange::at).containsExactly(
                tuple("ADDED", null, "Likes cricket", Instant.parse("2025-01-01T18:00:00Z")),
                tuple("UPDATED", "Likes cricket", "Loves cricket", Instant.parse("2025-02-01T18:00:00Z")));
        assertThat(facts.get(1).attributes()).isNull();
        assertThat(plan.notes()).anySatisfy(n -> assertThat(n).contains("'categories' of 1 memory is not kept"))
                .anySatisfy(n -> assertThat(n).contains("'structuredAttributes' of 1 memory is not kept"))
                .anySatisfy(n -> assertThat(n).contains("2 history row(s) of 1 memory not in the export were left out"));
    }

    @Test
    void snakeCasePagesBareListsAndPagesWrittenOneAfterAnother_areAllRead() {
        String page = "{'count': 2, 'next': 'x', 'previous': null, 'results': [{'id': '" + CRICKET + "', 'memory': 'Likes"
                + " cricket', 'user_id': 'alice', 'created_at': '2025-01-01T10:00:00Z', 'hash': 'abc'}]}";
        String page2 = "{'results': [{'id': '" + TEA + "', 'memory': 'Likes tea', 'user_id': 'bob'}]}";
        String bare = "[{'id': '" + CRICKET + "', 'memory': 'Likes cricket', 'user_id': 'alice', 'run_id': 'r1'}]";

        Mem0Import.Plan joined = Mem0Import.plan(Mem0Calls.json("[" + page + ", " + page2 + "]"), null, null, false, NOW);
        Mem0Import.Plan streamed = Mem0Import.plan(Mem0Calls.json(page + "\n" + page2), null, null, false, NOW);
        Mem0Import.Plan list = Mem0Import.plan(Mem0Calls.json(bare), null, null, false, NOW);

        assertThat(joined.users()).containsOnlyKeys(ALICE, UserId.of("bob"));
        assertThat(streamed.users()).isEqualTo(joined.users());
        assertThat(joined.users().get(UserId.of("bob")).facts().get(0).createdAt()).as("no created_at").isEqualTo(NOW);
        assertThat(joined.notes()).anySatisfy(n -> assertThat(n).contains("1 memory has no created_at"))
                .anySatisfy(n -> assertThat(n).contains("'hash' of 1 memory"))
                .anySatisfy(n -> assertThat(n).contains("no history file given"));
        assertThat(list.memories()).isEqualTo(1);
        assertThat(list.notes()).anySatisfy(n -> assertThat(n).contains("imported into their user"));
    }

    @Test
    void withAUser_itsMemoriesAndThoseNamingNoneGoThere_othersAreLeftOutAndCounted() {
        String mixed = Mem0Calls.json("[{'id': 'a-1', 'memory': 'Likes cricket', 'user_id': 'alice'},"
                + " {'id': 'b-1', 'memory': 'Likes chess', 'user_id': 'bob'}, {'id': 'n-1', 'memory': 'Likes tea', 'agent_id': 'bot'}]");

        Mem0Import.Plan alices = Mem0Import.plan(mixed, null, ALICE, false, NOW);

        assertThat(alices.users()).containsOnlyKeys(ALICE);
        assertThat(alices.users().get(ALICE).facts()).extracting(MemoryExport.ExportedFact::statement)
                .containsExactly("Likes cricket", "Likes tea");
        assertThat(alices.notes()).anySatisfy(n -> assertThat(n).contains("1 memory of other users (bob) left out"));
        assertThatThrownBy(() -> Mem0Import.plan(mixed, null, null, false, NOW)).hasMessageContaining("names no user: give --user");
        assertThatThrownBy(() -> Mem0Import.plan(jsExport(), null, UserId.of("bob"), false, NOW))
                .hasMessageContaining("holds no memories of user 'bob'; it has those of alice");
        assertThatThrownBy(() -> Mem0Import.plan(mixed, null, ALICE, true, NOW))
                .hasMessageContaining("the memories of 2 users (alice, bob)");
        assertThat(Mem0Import.plan(jsExport(), null, UserId.of("bob"), true, NOW).users()).containsOnlyKeys(UserId.of("bob"));
        assertThatThrownBy(() -> Mem0Import.plan(Mem0Calls.json("[{'id': 'a-1', 'memory': 'x', 'user_id': 'Alice Smith'}]"),
                null, null, false, NOW)).hasMessageContaining("names the user 'Alice Smith', which Engram cannot use");
    }

    @Test
    void theTypeScriptOssHistoryTable_andThePythonLayoutWithNewValue_areReadToo() throws Exception {
        Path ts = dir.resolve("memory.db");
        sqlite(ts, "CREATE TABLE memory_history (id INTEGER PRIMARY KEY AUTOINCREMENT, memory_id TEXT NOT NULL,"
                        + " previous_value TEXT, new_value TEXT, action TEXT NOT NULL, created_at TEXT, updated_at TEXT,"
                        + " is_deleted INTEGER DEFAULT 0)",
                "INSERT INTO memory_history (memory_id, previous_value, new_value, action, created_at, updated_at) VALUES ('"
                        + TEA + "', NULL, 'Drinks green tea', 'ADD', '2025-01-03T09:00:00.000Z', '2025-01-03T09:00:00.000Z')");
        Path old = dir.resolve("old.db");
        sqlite(old, "CREATE TABLE history (id TEXT PRIMARY KEY, memory_id TEXT, old_memory TEXT, new_memory TEXT,"
                        + " new_value TEXT, event TEXT, created_at DATETIME, updated_at DATETIME, is_deleted INTEGER)",
                "INSERT INTO history VALUES ('h1', '" + TEA + "', NULL, NULL, 'Drinks green tea', 'ADD',"
                        + " '2025-01-03T09:00:00', NULL, 0)");
        String tea = Mem0Calls.json("[{'id': '" + TEA + "', 'memory': 'Drinks green tea', 'user_id': 'alice'}]");

        assertThat(Mem0Import.plan(tea, ts, null, false, NOW).users().get(ALICE).facts().get(0).history())
                .extracting(MemoryExport.ExportedChange::kind).containsExactly("ADDED");
        Mem0Import.Plan fromOld = Mem0Import.plan(tea, old, null, false, NOW);
        assertThat(fromOld.users().get(ALICE).facts().get(0).history()).extracting(MemoryExport.ExportedChange::after)
                .containsExactly("Drinks green tea");
        assertThat(fromOld.notes()).anySatisfy(n -> assertThat(n).contains("1 time(s) had no time zone and were read as UTC"));
    }

    @Test
    void badExports_areRefusedWholeNamingTheProblem() {
        String ok = "'memory': 'Likes cricket', 'user_id': 'alice'";
        assertRefused("", "the file is empty");
        assertRefused("{'results': ", "not valid JSON");
        assertRefused("{'memories': []}", "expected mem0's get-all JSON");
        assertRefused("[]", "holds no memories");
        assertRefused("[{" + ok + "}]", "memory 1 has no id");
        assertRefused("[{'id': '12345', " + ok + "}]", "not all digits");
        assertRefused("[{'id': 'a-1', " + ok + "}, {'id': 'a-1', " + ok + "}]", "memory 2 has the id a-1 of an earlier memory");
        assertRefused("[{'id': 'a-1', 'memory': ' ', 'user_id': 'alice'}]", "has no memory text");
        assertRefused("[{'id': 'a-1', " + ok + ", 'expiration_date': '2026-01-01'}]", "has an expiration date");
        assertRefused("[{'id': 'a-1', " + ok + ", 'metadata': [1]}]", "metadata must be an object");
        assertRefused("[{'id': 'a-1', " + ok + ", 'created_at': 'yesterday'}]", "created_at is not an ISO-8601 time");
        assertRefused("[{'id': 'a-1', " + ok + ", 'metadata': {'a': 'b\\u0000'}}]", "contains a NUL character");
        assertRefused("[{'id': 'a-1', 'memory': 7, 'user_id': 'alice'}]", "memory must be a string");
    }

    private static void assertRefused(String singleQuoted, String message) {
        assertThatThrownBy(() -> Mem0Import.plan(Mem0Calls.json(singleQuoted), null, null, false, NOW))
                .as(singleQuoted).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    @Test
    void historyThatDoesNotLeadToTheExportedText_orIsNotMem0s_isRefused() throws Exception {
        String cricket = Mem0Calls.json("[{'id': '" + CRICKET + "', 'memory': 'Likes cricket', 'user_id': 'alice'}]");
        Path stale = dir.resolve("stale.db");
        sqlite(stale, "CREATE TABLE history (id TEXT, memory_id TEXT, old_memory TEXT, new_memory TEXT, event TEXT,"
                + " created_at DATETIME, updated_at DATETIME)", "INSERT INTO history VALUES ('h1', '" + CRICKET + "', NULL,"
                + " 'Likes tennis', 'ADD', '2025-01-01T10:00:00Z', NULL)");
        Path deleted = dir.resolve("deleted.db");
        sqlite(deleted, "CREATE TABLE history (id TEXT, memory_id TEXT, old_memory TEXT, new_memory TEXT, event TEXT,"
                + " created_at DATETIME, updated_at DATETIME)", "INSERT INTO history VALUES ('h1', '" + CRICKET + "', NULL,"
                + " 'Likes cricket', 'ADD', '2025-01-01T10:00:00Z', NULL)", "INSERT INTO history VALUES ('h2', '" + CRICKET
                + "', 'Likes cricket', NULL, 'DELETE', '2025-01-01T10:00:00Z', '2025-01-02T10:00:00Z')");
        Path odd = dir.resolve("odd.db");
        sqlite(odd, "CREATE TABLE history (id TEXT, memory_id TEXT, old_memory TEXT, new_memory TEXT, event TEXT,"
                + " created_at DATETIME, updated_at DATETIME)", "INSERT INTO history VALUES ('h1', '" + CRICKET + "', NULL,"
                + " 'Likes cricket', 'NOOP', '2025-01-01T10:00:00Z', NULL)");
        Path other = dir.resolve("other.db");
        sqlite(other, "CREATE TABLE notes (id TEXT)");
        Path notSqlite = dir.resolve("export.json");
        Files.writeString(notSqlite, cricket);

        assertThatThrownBy(() -> Mem0Import.plan(cricket, stale, null, false, NOW)).hasMessageContaining("its history ends with"
                + " 'Likes tennis' but the export says 'Likes cricket'");
        assertThatThrownBy(() -> Mem0Import.plan(cricket, deleted, null, false, NOW)).hasMessageContaining("was deleted");
        assertThatThrownBy(() -> Mem0Import.plan(cricket, odd, null, false, NOW)).hasMessageContaining("the event 'NOOP'");
        assertThatThrownBy(() -> Mem0Import.plan(cricket, other, null, false, NOW)).hasMessageContaining("has no mem0 history table");
        assertThatThrownBy(() -> Mem0Import.plan(cricket, notSqlite, null, false, NOW)).hasMessageContaining("cannot read");
        assertThatThrownBy(() -> Mem0Import.plan(cricket, dir.resolve("missing.db"), null, false, NOW))
                .hasMessageContaining("there is no mem0 history file");
        assertThat(dir.resolve("missing.db")).as("reading never creates the file").doesNotExist();
    }

    @Test
    void aPlanImportedTwiceIntoARealStore_addsItsFactsWithHistoryOnce() throws Exception {
        Mem0Import.Plan plan = Mem0Import.plan(jsExport(), pythonHistory(), null, false, NOW);
        try (MemoryStore store = StoreFactory.open("jdbc:sqlite:" + dir.resolve("engram.db"), dir, Clock.systemUTC())) {
            MemoryService memory = new MemoryService(store, null, Clock.systemUTC());

            assertThat(memory.importMemory(ALICE, plan.users().get(ALICE))).isEqualTo(new ImportCounts(2, 0, 0, 0));
            assertThat(memory.importMemory(ALICE, plan.users().get(ALICE))).isEqualTo(new ImportCounts(0, 0, 0, 0));

            List<Fact> facts = store.facts(ALICE, false);
            assertThat(facts).extracting(Fact::statement, Fact::originId)
                    .containsExactly(tuple("Loves cricket", CRICKET), tuple("Drinks green tea", TEA));
            assertThat(store.factHistory(ALICE, facts.get(0).id())).extracting(FactChange::kind, FactChange::after)
                    .containsExactly(tuple(FactChange.Kind.ADDED, "Likes cricket"), tuple(FactChange.Kind.UPDATED, "Loves cricket"));
            assertThat(facts.get(0).attributes().node().get("source").asText()).isEqualTo("app");
        }
    }
}
