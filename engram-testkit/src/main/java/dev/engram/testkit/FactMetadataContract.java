package dev.engram.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.EngramException;
import dev.engram.memory.Attributes;
import dev.engram.memory.Fact;
import dev.engram.memory.FactChange;
import dev.engram.memory.ImportCounts;
import dev.engram.memory.Job;
import dev.engram.memory.MemoryExport;
import dev.engram.memory.MemoryStore;
import dev.engram.memory.NewFact;
import dev.engram.memory.NewJob;
import dev.engram.memory.NewTurn;
import dev.engram.memory.Provenance;
import dev.engram.memory.Role;
import dev.engram.memory.SessionId;
import dev.engram.memory.Turn;
import dev.engram.memory.UserId;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The part of the store contract the mem0-compatible API leans on: fact attributes (mem0's
 * metadata), edits of text and attributes together, origin ids kept through import and export,
 * runs of turns appended with their jobs in one transaction. Run by every store through {@link AbstractMemoryStoreContractTest}.
 */
public interface FactMetadataContract {
    Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    UserId ALICE = UserId.of("alice");
    UserId BOB = UserId.of("bob@example.com");
    SessionId S1 = new SessionId("s1");
    String ORIGIN = "0b7a3c5e-1f2d-4c9a-9a51-2f6f3b1b9a10";

    /** The store under test, fresh and empty. */
    MemoryStore store();

    private MemoryStore s() {
        return store();
    }

    private static Attributes attributes(String json) {
        return new Attributes(json);
    }

    @Test
    default void addFact_withAttributes_readsThemBackAsSent() throws Exception {
        Attributes sent = attributes("{\"source\":\"test\",\"camelCaseKey\":1,\"price\":1.10,\"nested\":{\"b\":[1,\"ü\",null],"
                + "\"a\":true},\"big\":123456789012345678901234567890}");

        Fact fact = s().addFact(ALICE, new NewFact("Likes tea.", null, Provenance.NONE, 1, T0, null, sent));

        Fact read = s().fact(ALICE, fact.id()).orElseThrow();
        assertThat(read.attributes()).isEqualTo(sent);
        assertThat(fact.attributes()).isEqualTo(sent);
        // Digits survive: 1.10 stays 1.10 and the 30-digit number is not rounded through a double.
        var node = read.attributes().node();
        assertThat(node.get("price").decimalValue()).isEqualByComparingTo("1.10");
        assertThat(node.get("big").bigIntegerValue().toString()).isEqualTo("123456789012345678901234567890");
        assertThat(new ObjectMapper().readTree(read.attributes().json())).isEqualTo(new ObjectMapper().readTree(sent.json()));
        assertThat(s().addFact(ALICE, new NewFact("Has a cat.", null, Provenance.NONE, 1, T0, null)).attributes())
                .isEqualTo(Attributes.NONE);
        assertThat(read.originId()).isNull();
    }

    @Test
    default void editFact_textAndAttributes_changesBothInOneStepWithOneEditedEntry() {
        Fact fact = s().addFact(ALICE, new NewFact("Likes cricket.", null, new Provenance(S1, 3L), 1, T0, new float[] {1, 0},
                attributes("{\"source\":\"test\"}")));
        Instant at = T0.plusSeconds(30);

        Fact edited = s().editFact(ALICE, fact.id(), "Loves cricket.", new float[] {0, 1}, attributes("{\"fooBar\":2}"), at)
                .orElseThrow();

        assertThat(edited.statement()).isEqualTo("Loves cricket.");
        assertThat(edited.attributes()).isEqualTo(attributes("{\"fooBar\":2}"));
        assertThat(edited.embedding()).containsExactly(0, 1);
        assertThat(edited.updatedAt()).isEqualTo(at);
        assertThat(edited.source()).isEqualTo(new Provenance(S1, 3L));
        assertThat(s().factHistory(ALICE, fact.id())).extracting(FactChange::kind, FactChange::before, FactChange::after)
                .containsExactly(tuple(FactChange.Kind.ADDED, null, "Likes cricket."),
                        tuple(FactChange.Kind.EDITED, "Likes cricket.", "Loves cricket."));
    }

    @Test
    default void editFact_attributesOnlyOrTheSameText_keepsStatementEmbeddingAndHistory() {
        Fact fact = s().addFact(ALICE, new NewFact("Likes tea.", null, Provenance.NONE, 1, T0, new float[] {1, 0}));

        Fact tagged = s().editFact(ALICE, fact.id(), null, null, attributes("{\"k\":\"v\"}"), T0.plusSeconds(1)).orElseThrow();
        Fact same = s().editFact(ALICE, fact.id(), "Likes tea.", null, null, T0.plusSeconds(2)).orElseThrow();

        assertThat(tagged.statement()).isEqualTo("Likes tea.");
        assertThat(tagged.embedding()).containsExactly(1, 0);
        assertThat(same.attributes()).isEqualTo(attributes("{\"k\":\"v\"}"));
        assertThat(same.embedding()).containsExactly(1, 0);
        assertThat(s().factHistory(ALICE, fact.id())).extracting(FactChange::kind).containsExactly(FactChange.Kind.ADDED);
    }

    @Test
    default void editFact_unknownOrOtherUsersFact_isEmptyAndChangesNothing() {
        Fact fact = s().addFact(ALICE, new NewFact("Likes tea.", null, Provenance.NONE, 1, T0, null));

        assertThat(s().editFact(ALICE, fact.id() + 1000, "x", null, null, T0)).isEmpty();
        assertThat(s().editFact(BOB, fact.id(), "Bob edits it", null, attributes("{\"a\":1}"), T0)).isEmpty();
        assertThatThrownBy(() -> s().editFact(ALICE, fact.id(), " ", null, null, T0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("a fact must not be empty");

        assertThat(s().fact(ALICE, fact.id())).contains(fact);
    }

    @Test
    default void appendTurns_storesTheRunInOrderWithJobsMadeFromTheStoredIds() {
        List<NewTurn> run = List.of(new NewTurn(Role.USER, "I like cricket", T0),
                new NewTurn(Role.ASSISTANT, "Noted!", T0), new NewTurn(Role.USER, "And tea", T0.plusSeconds(1)));

        List<Turn> stored = s().appendTurns(ALICE, S1, run, turns -> List.of(
                new NewJob("extract", "{\"userTurn\":" + turns.get(0).id() + "}"),
                new NewJob("extract", "{\"userTurn\":" + turns.get(2).id() + "}")));

        assertThat(stored).extracting(Turn::role, Turn::text, Turn::at).containsExactly(
                tuple(Role.USER, "I like cricket", T0), tuple(Role.ASSISTANT, "Noted!", T0),
                tuple(Role.USER, "And tea", T0.plusSeconds(1)));
        assertThat(s().sessionTurns(ALICE, S1)).extracting(Turn::id).containsExactlyElementsOf(
                stored.stream().map(Turn::id).toList());
        assertThat(s().jobs().list(List.of(Job.Status.PENDING), 10)).extracting(Job::payload).containsExactly(
                "{\"userTurn\":" + stored.get(0).id() + "}", "{\"userTurn\":" + stored.get(2).id() + "}");
    }

    @Test
    default void appendTurns_aJobTheDatabaseRefuses_storesNoTurnAndNoJob() {
        List<NewTurn> run = List.of(new NewTurn(Role.USER, "one", T0), new NewTurn(Role.USER, "two", T0));

        assertThatThrownBy(() -> s().appendTurns(ALICE, S1, run, turns -> List.of(new NewJob("extract", "{}"),
                new NewJob("x".repeat(65), "{}")))).isInstanceOf(EngramException.class);
        assertThatThrownBy(() -> s().appendTurns(ALICE, S1, List.of(), turns -> List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("there are no turns to append");

        assertThat(s().turns(ALICE)).isEmpty();
        assertThat(s().jobs().outstanding()).isZero();
        assertThat(s().users()).isEmpty();
    }

    @Test
    default void exportAndImport_keepAttributesAndOriginIds_andAKnownOriginIdIsNotImportedTwice() {
        MemoryExport.ExportedFact cricket = new MemoryExport.ExportedFact(0, "Likes cricket.", null, "user", null, null, 1,
                T0, T0, T0, null, List.of(), attributes("{\"source\":\"mem0\"}"), ORIGIN);
        MemoryExport data = new MemoryExport(MemoryExport.FORMAT_VERSION, "alice", T0, List.of(cricket), List.of(), List.of(),
                List.of());

        assertThat(s().importMemory(ALICE, data, text -> null)).isEqualTo(new ImportCounts(1, 0, 0, 0));
        Fact imported = s().facts(ALICE, true).get(0);
        assertThat(imported.originId()).isEqualTo(ORIGIN);
        assertThat(imported.attributes()).isEqualTo(attributes("{\"source\":\"mem0\"}"));
        assertThat(s().export(ALICE, T0).facts()).singleElement().satisfies(f -> {
            assertThat(f.originId()).isEqualTo(ORIGIN);
            assertThat(f.attributes()).isEqualTo(attributes("{\"source\":\"mem0\"}"));
        });

        // The user edited the fact in Engram since; importing the same file again must not bring the old text back.
        s().editFact(ALICE, imported.id(), "Loves cricket.", null, null, T0.plusSeconds(5));
        assertThat(s().importMemory(ALICE, data, text -> null)).isEqualTo(new ImportCounts(0, 0, 0, 0));
        assertThat(s().facts(ALICE, true)).extracting(Fact::statement).containsExactly("Loves cricket.");
        // Another user may hold a fact with the same origin id.
        assertThat(s().importMemory(BOB, data, text -> null)).isEqualTo(new ImportCounts(1, 0, 0, 0));
    }
}
