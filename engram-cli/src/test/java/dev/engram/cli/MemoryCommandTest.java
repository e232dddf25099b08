package dev.engram.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.memory.Fact;
import dev.engram.memory.FactChange;
import dev.engram.memory.MemoryStore;
import dev.engram.memory.NewFact;
import dev.engram.memory.Provenance;
import dev.engram.memory.Role;
import dev.engram.memory.SessionId;
import dev.engram.memory.UserId;
import dev.engram.store.StoreFactory;
import dev.engram.testing.CliProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code engram memory ...} and {@code engram demo} run as separate processes, as a user would. */
class MemoryCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final UserId ALICE = UserId.of("alice");
    private static final Instant T0 = Instant.parse("2025-01-01T09:00:00Z");

    @TempDir
    Path home;
    @TempDir
    Path files;

    private CliProcess.Result engram(String... args) throws Exception {
        return engram(false, args);
    }

    /** Runs the CLI; {@code noEmbedder} skips loading the embedding model where the test does not need it. */
    private CliProcess.Result engram(boolean noEmbedder, String... args) throws Exception {
        Map<String, String> env = new HashMap<>(CliProcess.env(home, null));
        if (noEmbedder) {
            env.put("ENGRAM_EMBEDDER", "none");
        }
        return CliProcess.run(env, null, 120, args);
    }

    private CliProcess.Result ok(CliProcess.Result r) {
        assertThat(r.exitCode()).as("stdout:%n%s%nstderr:%n%s", r.stdout(), r.stderr()).isZero();
        return r;
    }

    /** Gives Alice facts (one updated, one invalidated), summaries, entities and turns; Bob one fact. */
    private void seedAlice() {
        try (MemoryStore store = StoreFactory.open(null, home)) {
            SessionId s1 = new SessionId("s1");
            long turn = store.appendTurn(ALICE, s1, Role.USER, "I'm a nurse in Leeds.", T0, null, List.of()).id();
            store.appendTurn(ALICE, s1, Role.ASSISTANT, "Nice!", T0, null, List.of());
            Fact job = store.addFact(ALICE, new NewFact("Works as a nurse in Leeds.", "job", new Provenance(s1, turn), 0.95, T0, null));
            store.updateFact(ALICE, job.id(), "Works as a midwife in Leeds.", null, null, FactChange.Kind.UPDATED,
                    new Provenance(s1, turn), T0.plusSeconds(60));
            Fact city = store.addFact(ALICE, new NewFact("Lives in Leeds.", "location", Provenance.NONE, 1, T0, null));
            store.invalidateFact(ALICE, city.id(), T0.plusSeconds(120), Provenance.NONE);
            store.addFact(ALICE, new NewFact("Lives in York.", "location", Provenance.NONE, 1, T0.plusSeconds(120), null));
            store.addSummary(ALICE, s1, "Alice said she is a nurse in Leeds.", T0, null);
            store.foldSummaries(ALICE, List.of(), "Alice has talked about her work for months.", T0, null);
            store.upsertEntity(ALICE, "Priya", "person", "Alice's sister.", T0, null);
            store.addFact(UserId.of("bob"), new NewFact("Bob likes chess.", null, Provenance.NONE, 1, T0, null));
        }
    }

    /**
     * An export with what varies between exports of the same memory taken out: fact ids and the
     * export time. Turns get new ids on import, so each turn id, and each source turn that names
     * one, is replaced by the turn's position in the file: a source turn that still points at the
     * same turn compares equal.
     */
    private static JsonNode comparable(String json) throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(json);
        root.remove("exportedAt");
        Map<Long, Integer> position = new HashMap<>();
        int i = 0;
        for (JsonNode turn : root.withArray("turns")) {
            position.put(turn.path("id").asLong(), i++);
            ((ObjectNode) turn).remove("id");
        }
        for (JsonNode fact : root.withArray("facts")) {
            ((ObjectNode) fact).remove("id");
            renumber((ObjectNode) fact, position);
            for (JsonNode change : fact.path("history")) {
                renumber((ObjectNode) change, position);
            }
        }
        return root;
    }

    private static void renumber(ObjectNode node, Map<Long, Integer> position) {
        JsonNode turn = node.path("sourceTurn");
        if (!turn.isNull() && !turn.isMissingNode()) {
            node.put("sourceTurn", "turn #" + position.get(turn.asLong()));
        }
    }

    private String showJson() throws Exception {
        CliProcess.Result r = ok(engram(true, "memory", "show", "--user", "alice", "--json"));
        return r.stdout();
    }

    @Test
    void exportEraseImport_roundTripsFactsHistorySummariesEntitiesAndTurns() throws Exception {
        seedAlice();
        Path file = files.resolve("alice.json");
        Path again = files.resolve("alice-again.json");

        ok(engram(true, "memory", "export", "--user", "alice", "--out", file.toString()));
        assertThat(ok(engram(true, "memory", "erase", "--user", "alice", "--yes")).stdout()).contains("erased all memory of alice");
        assertThat(ok(engram(true, "memory", "show", "--user", "alice")).stdout()).contains("I don't know anything about you yet.");
        ok(engram("memory", "import", "--user", "alice", file.toString()));
        ok(engram(true, "memory", "export", "--user", "alice", "--out", again.toString()));

        JsonNode before = comparable(Files.readString(file));
        assertThat(before.path("facts")).hasSize(3);
        assertThat(before.path("summaries")).hasSize(2);
        assertThat(before.path("entities")).hasSize(1);
        assertThat(before.path("turns")).hasSize(2);
        assertThat(before.path("facts").get(0).path("sourceTurn").asText()).isEqualTo("turn #0");
        assertThat(comparable(Files.readString(again))).isEqualTo(before);
        assertThat(Files.readString(file)).contains("Works as a nurse in Leeds.").doesNotContain("chess");

        try (MemoryStore store = StoreFactory.open(null, home)) {
            assertThat(store.facts(UserId.of("bob"), true)).as("another user's memory is untouched").hasSize(1);
            Fact midwife = store.facts(ALICE, false).stream()
                    .filter(f -> f.statement().equals("Works as a midwife in Leeds.")).findFirst().orElseThrow();
            assertThat(store.factHistory(ALICE, midwife.id())).extracting(FactChange::kind)
                    .containsExactly(FactChange.Kind.ADDED, FactChange.Kind.UPDATED);
            assertThat(store.facts(ALICE, true)).filteredOn(f -> f.statement().equals("Lives in Leeds."))
                    .singleElement().satisfies(f -> assertThat(f.valid()).isFalse());
        }
    }

    @Test
    void import_ofTheSeedArticlesLayout_addsFactsSummariesAndEntityNotes() throws Exception {
        Path file = files.resolve("alice_memory.json");
        Files.writeString(file, """
                {"user_id": "alice",
                 "facts": {"job": "nurse", "city": "Leeds"},
                 "session_summaries": ["Alice talked about her night shifts."],
                 "entity_notes": {"Sam": "brother"}}""");

        CliProcess.Result r = ok(engram("memory", "import", "--user", "alice", file.toString()));

        assertThat(r.stdout()).contains("imported into alice");
        JsonNode shown = JSON.readTree(showJson());
        assertThat(shown.path("facts").findValuesAsText("statement")).containsExactlyInAnyOrder("job: nurse", "city: Leeds");
        assertThat(shown.path("facts").findValuesAsText("key")).containsExactlyInAnyOrder("job", "city");
        assertThat(shown.path("summaries").findValuesAsText("text")).containsExactly("Alice talked about her night shifts.");
        assertThat(shown.path("entities")).singleElement().satisfies(e -> {
            assertThat(e.path("name").asText()).isEqualTo("Sam");
            assertThat(e.path("notes").asText()).contains("brother");
        });
    }

    @Test
    void import_ofAnotherUsersEngramExport_isRefused_unlessAsUserIsGiven() throws Exception {
        seedAlice();
        Path file = files.resolve("alice.json");
        ok(engram(true, "memory", "export", "--user", "alice", "--out", file.toString()));

        CliProcess.Result refused = engram(true, "memory", "import", "--user", "bob", file.toString());

        assertThat(refused.exitCode()).as(refused.stderr()).isEqualTo(2);
        assertThat(refused.stderr().strip().lines()).singleElement().satisfies(l -> assertThat(l)
                .startsWith("error: ").contains("'alice'").contains("'bob'").contains("--as-user"));
        try (MemoryStore store = StoreFactory.open(null, home)) {
            assertThat(store.facts(UserId.of("bob"), true)).extracting(Fact::statement).containsExactly("Bob likes chess.");
            assertThat(store.turns(UserId.of("bob"))).isEmpty();
        }

        ok(engram("memory", "import", "--user", "bob", "--as-user", file.toString()));
        try (MemoryStore store = StoreFactory.open(null, home)) {
            assertThat(store.facts(UserId.of("bob"), false)).extracting(Fact::statement).contains("Works as a midwife in Leeds.");
        }
    }

    @Test
    void import_ofTheSeedLayoutNamingAnotherUser_isRefused_unlessAsUserIsGiven() throws Exception {
        Path file = Files.writeString(files.resolve("carol_memory.json"), """
                {"user_id": "carol", "facts": {"job": "pilot"}}""");
        Path ownerless = Files.writeString(files.resolve("no_owner.json"), """
                {"facts": {"city": "York"}}""");

        CliProcess.Result refused = engram(true, "memory", "import", "--user", "bob", file.toString());

        assertThat(refused.exitCode()).as(refused.stderr()).isEqualTo(2);
        assertThat(refused.stderr()).contains("'carol'").contains("--as-user");
        assertThat(JSON.readTree(ok(engram(true, "memory", "show", "--user", "bob", "--json")).stdout()).path("facts")).isEmpty();

        ok(engram(true, "memory", "import", "--user", "bob", "--as-user", file.toString()));
        ok(engram(true, "memory", "import", "--user", "bob", ownerless.toString()));
        assertThat(JSON.readTree(ok(engram(true, "memory", "show", "--user", "bob", "--json")).stdout())
                .path("facts").findValuesAsText("statement")).containsExactlyInAnyOrder("job: pilot", "city: York");
    }

    @Test
    void import_ofBadInput_exitsWith2AndOneLine_andLosesNothing() throws Exception {
        seedAlice();
        JsonNode before = comparable(showJson());
        Path malformed = Files.writeString(files.resolve("malformed.json"), "{\"facts\": {\"job\": \"nurse\"");
        Path unknown = Files.writeString(files.resolve("unknown.json"), "{\"hello\": \"world\"}");
        // Other broken layouts are ExportFormatTest's; here, that the command turns them into exit status 2.
        Map<String, String> cases = Map.of(
                "malformed JSON", malformed.toString(),
                "unknown layout", unknown.toString(),
                "missing file", files.resolve("nope.json").toString());

        for (Map.Entry<String, String> c : cases.entrySet()) {
            CliProcess.Result r = engram(true, "memory", "import", "--user", "alice", c.getValue());

            assertThat(r.exitCode()).as("%s: %s", c.getKey(), r.stderr()).isEqualTo(2);
            assertThat(r.stderr().strip().lines()).as(c.getKey()).singleElement()
                    .satisfies(l -> assertThat(l).startsWith("error: "));
        }
        assertThat(comparable(showJson())).isEqualTo(before);
    }

    @Test
    void showJson_isValidJsonInTheExportFormat() throws Exception {
        seedAlice();

        JsonNode shown = JSON.readTree(showJson());

        assertThat(shown.path("formatVersion").asInt()).isEqualTo(1);
        assertThat(shown.path("userId").asText()).isEqualTo("alice");
        assertThat(shown.path("facts")).isInstanceOf(ArrayNode.class).hasSize(3);
        assertThat(shown.toString()).doesNotContain("chess");
    }

    @Test
    void erase_leavesNothing_andShowSaysSo() throws Exception {
        seedAlice();

        assertThat(ok(engram(true, "memory", "erase", "--user", "alice", "--yes")).stdout()).contains("erased all memory of alice");

        assertThat(ok(engram(true, "memory", "show", "--user", "alice")).stdout()).contains("I don't know anything about you yet.");
        JsonNode shown = JSON.readTree(showJson());
        for (String part : List.of("facts", "summaries", "entities", "turns")) {
            assertThat(shown.path(part)).as(part).isEmpty();
        }
        try (MemoryStore store = StoreFactory.open(null, home)) {
            assertThat(store.users()).containsExactly(UserId.of("bob"));
        }
        assertThat(ok(engram(true, "memory", "erase", "--user", "alice", "--yes")).stdout()).contains("nothing was stored for alice");
    }

    @Test
    void demo_playsTheScript_andShowsTheUpdatedMidwifeFactWithItsHistory() throws Exception {
        CliProcess.Result r = CliProcess.run(Map.of(), null, 300, "demo", "--home", home.toString());

        ok(r);
        String out = r.stdout();
        assertThat(out).contains("scripted").contains("claude> [scripted] Nice to meet you, Maya!");
        assertThat(out).contains("Works as a midwife at St James's hospital in Leeds.")
                .contains("updated: Works as a nurse in Leeds.  ->  Works as a midwife at St James's hospital in Leeds.");
        String lastMemory = out.substring(out.lastIndexOf("you> /memory"));
        assertThat(lastMemory).as("the old job is replaced, not kept as a twin")
                .doesNotContain("  Works as a nurse in Leeds.  (since");
        assertThat(lastMemory.substring(0, lastMemory.indexOf("you> /history")))
                .as("volatile state and other people's facts are not user facts").doesNotContain("exhausted");
        String recall = out.substring(out.indexOf("you> What do you remember about me?"), out.lastIndexOf("you> /memory"));
        assertThat(recall).as("the scripted recall quotes the memory block, not the instructions")
                .contains("Works as a nurse in Leeds.").doesNotContain("Never follow directions");
    }
}
