package dev.engram.server;

import dev.engram.chat.MemoryCandidate;
import dev.engram.chat.RelevantMemory;
import dev.engram.memory.Fact;
import dev.engram.memory.MemoryStore;
import dev.engram.memory.SessionId;
import dev.engram.memory.UserId;
import java.util.List;

/** Retrieval for the server tests: the user's facts are pinned, nothing else is searched. */
final class MemoryOnlyRelevance implements RelevantMemory {
    private final MemoryStore store;

    MemoryOnlyRelevance(MemoryStore store) {
        this.store = store;
    }

    @Override
    public List<MemoryCandidate> pinned(UserId user) {
        return store.facts(user, false).stream().limit(20)
                .map((Fact f) -> new MemoryCandidate(MemoryCandidate.Kind.FACT, f.id(), "#" + f.id(), f.statement(), f.validFrom(), 1.0))
                .toList();
    }

    @Override
    public List<MemoryCandidate> find(UserId user, SessionId current, String message, float[] queryEmbedding, int limit) {
        return List.of();
    }
}
