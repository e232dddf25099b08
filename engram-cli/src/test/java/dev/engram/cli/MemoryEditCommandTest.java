package dev.engram.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.memory.Fact;
import dev.engram.memory.FactChange;
import dev.engram.memory.NewFact;
import dev.engram.memory.Provenance;
import dev.engram.memory.Role;
import dev.engram.memory.SessionId;
import dev.engram.memory.Turn;
import dev.engram.memory.UserId;
import dev.engram.store.JdbcMemoryStore;
import dev.engram.store.StoreFactory;
import dev.engram.tenant.Tenant;
import dev.engram.testing.CliProcess;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code engram memory add|edit|forget|search}, {@code erase}'s confirmation and {@code --tenant},
 * each run as a separate process over a real SQLite file.
 */
class MemoryEditCommandTest {
    private static final UserId ALICE = UserId.of("alice");
    private static final Instant T0 = Instant.parse("2025-01-01T09:00:00Z");

    @TempDir
    Path home;

    private CliProcess.Result engram(String stdin, String... args) throws Exception {
        Map<String, String> env = new HashMap<>(CliProcess.env(home, null));
        env.put("ENGRAM_EMBEDDER", "none");
        return CliProcess.run(env, stdin, 120, args);
    }

    private CliProcess.Result ok(CliProcess.Result r) {
        assertThat(r.exitCode()).as("stdout:%n%s%nstderr:%n%s", r.stdout(), r.stderr()).isZero();
        return r;
    }

    private JdbcMemoryStore store() {
        return StoreFactory.open(null, home);
    }

    private List<String> statements(UserId user) {
        try (JdbcMemoryStore store = store()) {
            return store.facts(user, true).stream().map(Fact::statement).toList();
        }
    }

    @Test
    void addSearchEditForget_changeOneMemory() throws Exception {
        CliProcess.Result added = ok(engram(null, "memory", "add", "--user", "alice", "Works", "as", "a", "nurse", "in", "Leeds."));
        ok(engram(null, "memory", "add", "--user", "alice", "Has a cat called Tom."));
        long id;
        try (JdbcMemoryStore store = store()) {
            id = store.facts(ALICE, false).get(0).id();
        }
        assertThat(added.stdout()).contains("added #" + id + ": Works as a nurse in Leeds.");

        CliProcess.Result found = ok(engram(null, "memory", "search", "--user", "alice", "nurse", "Leeds"));
        assertThat(found.stdout()).contains("#" + id).contains("Works as a nurse in Leeds.").doesNotContain("Tom");

        ok(engram(null, "memory", "edit", "--user", "alice", "#" + id, "Works as a midwife in Leeds."));
        try (JdbcMemoryStore store = store()) {
            assertThat(store.factHistory(ALICE, id)).extracting(FactChange::kind, FactChange::after).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(FactChange.Kind.ADDED, "Works as a nurse in Leeds."),
                    org.assertj.core.groups.Tuple.tuple(FactChange.Kind.EDITED, "Works as a midwife in Leeds."));
        }

        CliProcess.Result forgot = ok(engram(null, "memory", "forget", "--user", "alice", "cat called"));
        assertThat(forgot.stdout()).contains("Forgotten: fact #").contains("Has a cat called Tom.");
        assertThat(statements(ALICE)).containsExactly("Works as a midwife in Leeds.");
    }

    @Test
    void forget_byId_alsoRemovesTheMessagesTheFactCameFrom() throws Exception {
        long id;
        try (JdbcMemoryStore store = store()) {
            SessionId s = new SessionId("s1");
            Turn said = store.appendTurn(ALICE, s, Role.USER, "My PIN is 4921.", T0, null, List.of());
            store.appendTurn(ALICE, s, Role.ASSISTANT, "Noted.", T0.plusSeconds(1), null, List.of());
            id = store.addFact(ALICE, new NewFact("PIN is 4921.", null, new Provenance(s, said.id()), 1, T0, null)).id();
        }

        CliProcess.Result r = ok(engram(null, "memory", "forget", "--user", "alice", String.valueOf(id)));

        assertThat(r.stdout()).contains("(and the 2 messages it came from)");
        try (JdbcMemoryStore store = store()) {
            assertThat(store.turns(ALICE)).isEmpty();
        }
    }

    @Test
    void badInput_exitsWith2AndAClearLine_andChangesNothing() throws Exception {
        ok(engram(null, "memory", "add", "--user", "alice", "Likes tea."));
        ok(engram(null, "memory", "add", "--user", "alice", "Likes green tea."));
        List<String[]> cases = List.of(
                new String[] {"memory", "edit", "--user", "alice", "999", "Likes coffee."},
                new String[] {"memory", "edit", "--user", "alice", "twelve", "Likes coffee."},
                new String[] {"memory", "edit", "--user", "alice", "1", " "},
                new String[] {"memory", "forget", "--user", "alice", "astronaut"},
                new String[] {"memory", "forget", "--user", "alice", "tea"},
                new String[] {"memory", "add", "--user", "alice", "  "},
                new String[] {"memory", "add", "--user", "alice"},
                new String[] {"memory", "search", "--user", "alice"});

        for (String[] args : cases) {
            CliProcess.Result r = engram(null, args);

            assertThat(r.exitCode()).as("%s: %s", String.join(" ", args), r.stderr()).isEqualTo(2);
            assertThat(r.stderr()).as(String.join(" ", args)).isNotBlank();
        }
        CliProcess.Result ambiguous = engram(null, "memory", "forget", "--user", "alice", "tea");
        assertThat(ambiguous.stderr()).contains("Several facts match").contains("Likes tea.").contains("Likes green tea.");
        assertThat(statements(ALICE)).containsExactly("Likes tea.", "Likes green tea.");
    }

    @Test
    void erase_asksForConfirmation_andErasesOnlyOnYesOrWithTheFlag() throws Exception {
        ok(engram(null, "memory", "add", "--user", "alice", "Likes tea."));

        for (String answer : new String[] {null, "\n", "no\n", "y e s\n"}) {
            CliProcess.Result r = engram(answer, "memory", "erase", "--user", "alice");

            assertThat(r.exitCode()).as("answer %s", answer).isEqualTo(1);
            assertThat(r.stderr()).as("answer %s", answer).contains("Erase everything").contains("nothing was erased");
            assertThat(statements(ALICE)).as("answer %s", answer).containsExactly("Likes tea.");
        }

        assertThat(ok(engram("yes\n", "memory", "erase", "--user", "alice")).stdout()).contains("erased all memory of alice");
        assertThat(statements(ALICE)).isEmpty();
        ok(engram(null, "memory", "add", "--user", "alice", "Likes coffee."));
        assertThat(ok(engram(null, "memory", "erase", "--user", "alice", "--yes")).stdout()).contains("erased all memory of alice");
        assertThat(statements(ALICE)).isEmpty();
    }

    @Test
    void tenantOption_reachesTheTenantsUser_andNoOtherOne() throws Exception {
        UserId internal;
        Tenant acme;
        try (JdbcMemoryStore store = store()) {
            acme = store.tenants().createKey("acme", T0).tenant();
            internal = store.tenants().resolveUser(acme, ALICE, T0);
            store.addFact(internal, new NewFact("Works at Acme.", null, Provenance.NONE, 1, T0, null));
            store.addFact(ALICE, new NewFact("The local alice.", null, Provenance.NONE, 1, T0, null));
            store.tenants().createKey("globex", T0);
        }

        CliProcess.Result shown = ok(engram(null, "memory", "show", "--tenant", "acme", "--user", "alice"));
        assertThat(shown.stdout()).contains("Works at Acme.").doesNotContain("The local alice.");
        assertThat(ok(engram(null, "memory", "show", "--user", "alice")).stdout()).doesNotContain("Works at Acme.");
        assertThat(ok(engram(null, "memory", "export", "--tenant", "acme", "--user", "alice")).stdout())
                .as("an export names the user as the tenant does").contains("\"userId\" : \"alice\"")
                .doesNotContain(internal.value());

        ok(engram(null, "memory", "add", "--tenant", "acme", "--user", "alice", "Lives in Leeds."));
        assertThat(statements(internal)).containsExactly("Works at Acme.", "Lives in Leeds.");

        CliProcess.Result otherTenant = engram(null, "memory", "show", "--tenant", "globex", "--user", "alice");
        assertThat(otherTenant.exitCode()).isEqualTo(2);
        assertThat(otherTenant.stderr()).contains("tenant 'globex' has no user 'alice'");
        CliProcess.Result noTenant = engram(null, "memory", "show", "--tenant", "nope", "--user", "alice");
        assertThat(noTenant.exitCode()).isEqualTo(2);
        assertThat(noTenant.stderr()).contains("there is no tenant 'nope'");

        ok(engram(null, "memory", "erase", "--tenant", "acme", "--user", "alice", "--yes"));
        assertThat(statements(internal)).isEmpty();
        assertThat(statements(ALICE)).containsExactly("The local alice.");
        try (JdbcMemoryStore store = store()) {
            assertThat(store.tenants().findUser(acme, ALICE)).isEmpty();
        }
    }
}
