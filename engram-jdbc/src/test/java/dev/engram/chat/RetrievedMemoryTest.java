package dev.engram.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.engram.memory.Entity;
import dev.engram.memory.Fact;
import dev.engram.memory.MemoryStore;
import dev.engram.memory.NewFact;
import dev.engram.memory.Provenance;
import dev.engram.memory.Role;
import dev.engram.memory.SessionId;
import dev.engram.memory.Summary;
import dev.engram.memory.Turn;
import dev.engram.memory.UserId;
import dev.engram.retrieval.HybridRetriever;
import dev.engram.retrieval.MemoryIndexes;
import dev.engram.retrieval.RetrievalMode;
import dev.engram.store.StoreFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ranked memory from a real SQLite store through the keyword retriever. */
class RetrievedMemoryTest {
    private static final UserId ANN = new UserId("ann");
    private static final Instant T0 = Instant.parse("2026-02-03T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void find_earlierMessagesCarryWhoWroteThem_andTheCurrentSessionIsLeftOut() {
        try (MemoryStore store = StoreFactory.open("jdbc:sqlite:" + dir.resolve("m.db"), dir)) {
            SessionId earlier = new SessionId("s1");
            SessionId now = new SessionId("s2");
            store.appendTurn(ANN, earlier, Role.USER, "I might take up rowing on the river", T0, null, List.of());
            store.appendTurn(ANN, earlier, Role.ASSISTANT, "Rowing clubs on the river often run taster days", T0.plusSeconds(5),
                    null, List.of());
            store.appendTurn(ANN, now, Role.USER, "rowing again, remind me", T0.plusSeconds(3600), null, List.of());
            RetrievedMemory memory = new RetrievedMemory(store,
                    new HybridRetriever(new MemoryIndexes(store), null, RetrievalMode.BM25));

            List<MemoryCandidate> found = memory.find(ANN, now, "rowing river", null, 5);

            assertThat(found).extracting(MemoryCandidate::kind).containsOnly(MemoryCandidate.Kind.TURN);
            assertThat(found).extracting(MemoryCandidate::text, MemoryCandidate::role).containsExactlyInAnyOrder(
                    tuple("I might take up rowing on the river", Role.USER),
                    tuple("Rowing clubs on the river often run taster days", Role.ASSISTANT));
        }
    }

    @Test
    void pinnedAndFound_nameTheStoredItemTheyCameFrom() {
        try (MemoryStore store = StoreFactory.open("jdbc:sqlite:" + dir.resolve("m.db"), dir)) {
            SessionId earlier = new SessionId("s1");
            Fact job = store.addFact(ANN, new NewFact("Works as a nurse.", "job", new Provenance(earlier, null), 1, T0, null));
            Summary summary = store.addSummary(ANN, earlier, "Talked about nursing shifts.", T0, null);
            Turn turn = store.appendTurn(ANN, earlier, Role.USER, "The night shifts on the ward are long", T0, null, List.of());
            Entity ward = store.upsertEntity(ANN, "Ward 7", "place", "where the user works nights", T0, null);
            RetrievedMemory memory = new RetrievedMemory(store,
                    new HybridRetriever(new MemoryIndexes(store), null, RetrievalMode.BM25));

            assertThat(memory.pinned(ANN)).extracting(MemoryCandidate::ref)
                    .containsExactly("#" + job.id(), "s" + summary.id());
            assertThat(memory.find(ANN, new SessionId("s2"), "night shifts ward", null, 5)).extracting(MemoryCandidate::ref)
                    .contains("t" + turn.id(), "e" + ward.id());
        }
    }
}
