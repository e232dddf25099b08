package dev.engram.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.memory.Fact;
import dev.engram.memory.MemoryStore;
import dev.engram.memory.NewFact;
import dev.engram.memory.Provenance;
import dev.engram.memory.Role;
import dev.engram.memory.SessionId;
import dev.engram.memory.Turn;
import dev.engram.memory.UserId;
import dev.engram.store.StoreFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-user index over a real SQLite store: turns are caught up in place, other writes reload. */
class MemoryIndexesTest {
    private static final UserId ALICE = UserId.of("alice");
    private static final SessionId S = new SessionId("s1");
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    @TempDir
    Path dir;
    private MemoryStore store;
    private MemoryIndexes indexes;

    @BeforeEach
    void open() {
        store = StoreFactory.open("jdbc:sqlite:" + dir.resolve("m.db"), dir);
        indexes = new MemoryIndexes(store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private List<String> texts(UserIndex index) {
        return index.score("x", null).items().stream().map(MemoryItem::text).toList();
    }

    @Test
    void index_turnWhoseEmbeddingArrives_countsItsSpeakerOnce() {
        Turn mel = store.appendTurn(ALICE, S, Role.USER, "Mel: I painted the lake", T0, null, List.of());
        store.appendTurn(ALICE, S, Role.ASSISTANT, "Caroline: Lovely", T0.plusSeconds(1), null, List.of());
        store.appendTurn(ALICE, S, Role.USER, "Dan: Me too", T0.plusSeconds(2), null, List.of());
        store.appendTurn(ALICE, S, Role.ASSISTANT, "Caroline: Show us", T0.plusSeconds(3), null, List.of());
        store.appendTurn(ALICE, S, Role.USER, "Dan: Later", T0.plusSeconds(4), null, List.of());
        UserIndex index = indexes.index(ALICE);
        assertThat(index.score("x", null).knownSpeakers()).containsExactlyInAnyOrder("Caroline", "Dan");

        store.setTurnEmbedding(ALICE, mel.id(), new float[] {1f, 0f});
        UserIndex caughtUp = indexes.index(ALICE);
        assertThat(caughtUp).isSameAs(index);
        assertThat(caughtUp.score("x", null).knownSpeakers()).as("Mel still says one thing")
                .containsExactlyInAnyOrder("Caroline", "Dan");
    }

    @Test
    void index_afterTurnWrites_catchesUpInPlace_andAfterOtherWrites_reloads() {
        store.addFact(ALICE, new NewFact("Likes tea.", null, Provenance.NONE, 1, T0, null));
        store.appendTurn(ALICE, S, Role.USER, "I adopted a greyhound", T0, null, List.of());
        UserIndex first = indexes.index(ALICE);
        assertThat(texts(first)).hasSize(2);

        Turn reply = store.appendTurn(ALICE, S, Role.ASSISTANT, "What is the greyhound called?", T0.plusSeconds(1), null, List.of());
        store.setTurnEmbedding(ALICE, reply.id(), new float[] {1f, 0f});
        UserIndex second = indexes.index(ALICE);
        assertThat(second).as("only turns changed: the same index, caught up").isSameAs(first);
        assertThat(second.revision()).isEqualTo(store.revision(ALICE));
        List<MemoryItem> items = second.score("greyhound", null).items();
        assertThat(items).hasSize(3).filteredOn(i -> i.id() == reply.id() && i.kind() == ItemKind.TURN)
                .singleElement().satisfies(i -> assertThat(i.embedding()).containsExactly(1f, 0f));

        store.addFact(ALICE, new NewFact("Has a greyhound.", null, Provenance.NONE, 1, T0, null));
        UserIndex third = indexes.index(ALICE);
        assertThat(third).as("a fact changed: reloaded").isNotSameAs(first);
        assertThat(texts(third)).hasSize(4);

        store.erase(ALICE);
        assertThat(texts(indexes.index(ALICE))).isEmpty();
    }

    @Test
    void index_afterAFactIsForgotten_holdsNoneOfTheTurnsItCameFrom() {
        Turn said = store.appendTurn(ALICE, S, Role.USER, "My bank PIN is 4921", T0, new float[] {1f, 0f}, List.of());
        store.appendTurn(ALICE, S, Role.ASSISTANT, "Noted, 4921", T0.plusSeconds(1), new float[] {0f, 1f}, List.of());
        store.appendTurn(ALICE, S, Role.USER, "I like tea", T0.plusSeconds(2), null, List.of());
        Fact pin = store.addFact(ALICE, new NewFact("Bank PIN is 4921.", null, new Provenance(S, said.id()), 1, T0, null));
        assertThat(texts(indexes.index(ALICE))).anySatisfy(t -> assertThat(t).contains("4921"));

        store.forgetFact(ALICE, pin.id());

        UserIndex after = indexes.index(ALICE);
        assertThat(texts(after)).containsExactly("I like tea");
        assertThat(after.score("bank PIN 4921", new float[] {1f, 0f}).items()).extracting(MemoryItem::text)
                .noneSatisfy(t -> assertThat(t).contains("4921"));
    }

    @Test
    void theCache_keepsItsWeightWithinTheBound_dropsTheLeastRecentlyUsed_andReloadsADroppedUserOnTheirNextTurn() {
        MemoryIndexes small = new MemoryIndexes(store, 64 * 1024);
        for (int u = 0; u < 40; u++) {
            UserId user = UserId.of("user-" + u);
            for (int i = 0; i < 10; i++) {
                store.appendTurn(user, S, Role.USER, "user " + u + " said sentence number " + i + " about the weather", T0,
                        new float[] {1f, 0f, 0f, 0f}, List.of());
            }
            small.index(user);
            assertThat(small.cachedBytes()).as("after user %d", u).isLessThanOrEqualTo(64 * 1024);
        }
        assertThat(small.cachedUsers()).isLessThan(40).isPositive();

        UserIndex reloaded = small.index(UserId.of("user-0"));
        assertThat(texts(reloaded)).hasSize(10).allMatch(t -> t.startsWith("user 0 said"));
    }

    @Test
    void anIndexsWeight_growsAsTurnsArrive_andWithTheEmbeddingThatArrivesLater() {
        Turn first = store.appendTurn(ALICE, S, Role.USER, "I moved to Leeds", T0, null, List.of());
        long empty = indexes.index(ALICE).approximateBytes();
        store.appendTurn(ALICE, S, Role.ASSISTANT, "Welcome to Leeds", T0.plusSeconds(1), null, List.of());
        long twoTurns = indexes.index(ALICE).approximateBytes();
        store.setTurnEmbedding(ALICE, first.id(), new float[384]);
        long embedded = indexes.index(ALICE).approximateBytes();

        assertThat(twoTurns).isGreaterThan(empty);
        assertThat(embedded).isGreaterThanOrEqualTo(twoTurns + 4L * 384);
        assertThat(indexes.cachedBytes()).isEqualTo(embedded);
    }
}
