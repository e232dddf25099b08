package dev.engram.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.testing.CliProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code engram memory import --from mem0 FILE [--history DB] --user ID [--tenant NAME]} run as a
 * separate process, on a mem0 get-all export and a mem0 SQLite history file made here.
 */
class Mem0ImportCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CRICKET = "0b7a3c5e-1f2d-4c9a-9a51-2f6f3b1b9a10";
    private static final String CHESS = "7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f";

    @TempDir
    Path home;
    @TempDir
    Path files;

    private CliProcess.Result engram(String... args) throws Exception {
        Map<String, String> env = new HashMap<>(CliProcess.env(home, null));
        env.put("ENGRAM_EMBEDDER", "none");
        return CliProcess.run(env, null, 120, args);
    }

    private static CliProcess.Result ok(CliProcess.Result r) {
        assertThat(r.exitCode()).as("stdout:%n%s%nstderr:%n%s", r.stdout(), r.stderr()).isZero();
        return r;
    }

    private Path export() throws Exception {
        return Files.writeString(files.resolve("mem0.json"), ("{'count': 2, 'next': null, 'previous': null, 'results': ["
                + "{'id': '" + CRICKET + "', 'memory': 'Loves cricket', 'user_id': 'alice', 'metadata': {'source': 'app'},"
                + " 'categories': ['sports'], 'created_at': '2025-01-01T10:00:00-08:00', 'updated_at': '2025-02-01T10:00:00-08:00'},"
                + "{'id': '" + CHESS + "', 'memory': 'Plays chess', 'user_id': 'bob', 'created_at': '2025-01-04T10:00:00Z'}]}")
                .replace('\'', '"'));
    }

    private Path history() throws Exception {
        Path db = files.resolve("history.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE history (id TEXT PRIMARY KEY, memory_id TEXT, old_memory TEXT, new_memory TEXT,"
                    + " event TEXT, created_at DATETIME, updated_at DATETIME, is_deleted INTEGER, actor_id TEXT, role TEXT)");
            s.executeUpdate("INSERT INTO history VALUES ('h1', '" + CRICKET + "', NULL, 'Likes cricket', 'ADD',"
                    + " '2025-01-01T10:00:00-08:00', NULL, 0, NULL, NULL)");
            s.executeUpdate("INSERT INTO history VALUES ('h2', '" + CRICKET + "', 'Likes cricket', 'Loves cricket', 'UPDATE',"
                    + " '2025-01-01T10:00:00-08:00', '2025-02-01T10:00:00-08:00', 0, NULL, NULL)");
        }
        return db;
    }

    private JsonNode facts(String... userArgs) throws Exception {
        String[] args = new String[userArgs.length + 3];
        args[0] = "memory";
        args[1] = "show";
        System.arraycopy(userArgs, 0, args, 2, userArgs.length);
        args[args.length - 1] = "--json";
        return JSON.readTree(ok(engram(args)).stdout()).path("facts");
    }

    @Test
    void aMem0ExportWithItsHistory_isImportedForTheUser_once() throws Exception {
        Path export = export();
        Path history = history();

        CliProcess.Result first = ok(engram("memory", "import", "--from", "mem0", export.toString(), "--history",
                history.toString(), "--user", "alice"));
        CliProcess.Result again = ok(engram("memory", "import", "--from", "mem0", export.toString(), "--history",
                history.toString(), "--user", "alice"));

        assertThat(first.stdout()).contains("imported into alice: 1 facts");
        assertThat(first.stderr()).contains("note: 'categories' of 1 memory is not kept")
                .contains("note: 1 memory of other users (bob) left out");
        assertThat(again.stdout()).contains("1 of the 1 mem0 memories were there already");
        JsonNode facts = facts("--user", "alice");
        assertThat(facts).hasSize(1);
        assertThat(facts.get(0).path("statement").asText()).isEqualTo("Loves cricket");
        assertThat(facts.get(0).path("originId").asText()).isEqualTo(CRICKET);
        assertThat(facts.get(0).path("attributes").path("source").asText()).isEqualTo("app");
        assertThat(facts.get(0).path("history").findValuesAsText("kind")).containsExactly("ADDED", "UPDATED");
        assertThat(facts.get(0).path("createdAt").asText()).isEqualTo("2025-01-01T18:00:00Z");
        assertThat(facts("--user", "bob")).isEmpty();
    }

    @Test
    void withTenant_theMemoriesGoToTheTenantsUser_whomTheMem0RoutesServe() throws Exception {
        ok(engram("keys", "create", "--tenant", "acme"));

        ok(engram("memory", "import", "--from", "mem0", export().toString(), "--user", "bob", "--tenant", "acme"));

        assertThat(facts("--user", "bob", "--tenant", "acme").findValuesAsText("statement")).containsExactly("Plays chess");
        assertThat(facts("--user", "bob")).as("not the local user bob").isEmpty();
    }

    @Test
    void badInput_exitsWith2AndOneLine_andStoresNothing() throws Exception {
        Path export = export();
        Path broken = Files.writeString(files.resolve("broken.json"), "[{\"id\": \"a-1\", \"user_id\": \"alice\"}]");
        Map<String, List<String>> cases = Map.of(
                "a memory without text", List.of("--from", "mem0", broken.toString(), "--user", "alice"),
                "no memories of the user", List.of("--from", "mem0", export.toString(), "--user", "carol"),
                "a missing history file", List.of("--from", "mem0", export.toString(), "--history",
                        files.resolve("nope.db").toString(), "--user", "alice"),
                "history without --from mem0", List.of(export.toString(), "--history", history().toString(), "--user", "alice"),
                "an unknown format", List.of("--from", "zep", export.toString(), "--user", "alice"),
                "a missing file", List.of("--from", "mem0", files.resolve("nope.json").toString(), "--user", "alice"));

        for (Map.Entry<String, List<String>> c : cases.entrySet()) {
            List<String> args = new ArrayList<>(List.of("memory", "import"));
            args.addAll(c.getValue());
            CliProcess.Result r = engram(args.toArray(String[]::new));

            assertThat(r.exitCode()).as("%s: %s", c.getKey(), r.stderr()).isEqualTo(2);
            assertThat(r.stderr().strip().lines()).as(c.getKey()).singleElement()
                    .satisfies(l -> assertThat(l).startsWith("error: "));
        }
        assertThat(facts("--user", "alice")).isEmpty();
        assertThat(facts("--user", "carol")).isEmpty();
    }
}
