package dev.engram.chat;

import dev.engram.memory.Fact;
import dev.engram.memory.MemoryReader;
import dev.engram.memory.SessionId;
import dev.engram.memory.Summary;
import dev.engram.memory.UserId;
import dev.engram.retrieval.Hit;
import dev.engram.retrieval.HybridRetriever;
import dev.engram.retrieval.ItemKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link RelevantMemory} over the store and the hybrid retriever: core facts and the latest
 * summaries are pinned; everything else competes by retrieval score. Thread safe.
 */
public final class RetrievedMemory implements RelevantMemory {
    private static final int PINNED_FACTS = 12;
    private static final int PINNED_SESSION_SUMMARIES = 2;
    /** Extra hits asked for, since turns of the current session are dropped. */
    private static final int CURRENT_SESSION_SLACK = 8;
    private static final int MAX_CACHED_USERS = 10_000;

    private final MemoryReader store;
    private final HybridRetriever retriever;

    public RetrievedMemory(MemoryReader store, HybridRetriever retriever) {
        this.store = store;
        this.retriever = retriever;
    }

    /** Pinned memory as of one revision of the user's memory. */
    private record Pinned(long revision, List<MemoryCandidate> items) {}

    private final ConcurrentHashMap<UserId, Pinned> pinnedCache = new ConcurrentHashMap<>();

    /**
     * Cached per user until the user's memory revision changes: any write but a turn, in any
     * process. Turns never change what is pinned.
     */
    @Override
    public List<MemoryCandidate> pinned(UserId user) {
        long revision = store.revisions(user).memory();
        Pinned cached = pinnedCache.get(user);
        if (cached != null && cached.revision() == revision) {
            return cached.items();
        }
        List<MemoryCandidate> items = loadPinned(user);
        if (pinnedCache.size() > MAX_CACHED_USERS) {
            pinnedCache.clear();
        }
        pinnedCache.put(user, new Pinned(revision, items));
        return items;
    }

    private List<MemoryCandidate> loadPinned(UserId user) {
        List<MemoryCandidate> pinned = new ArrayList<>();
        store.facts(user, false).stream()
                .filter(f -> f.key() != null)
                .sorted(Comparator.comparing(Fact::updatedAt).reversed())
                .limit(PINNED_FACTS)
                .forEach(f -> pinned.add(new MemoryCandidate(MemoryCandidate.Kind.FACT, f.id(), "#" + f.id(), f.statement(), f.validFrom(), 1)));
        List<Summary> summaries = store.summaries(user);
        summaries.stream().filter(Summary::longTerm).findFirst()
                .ifPresent(s -> pinned.add(new MemoryCandidate(MemoryCandidate.Kind.SUMMARY, s.id(), null, s.text(), null, 1)));
        List<Summary> sessions = summaries.stream().filter(s -> !s.longTerm()).toList();
        for (int i = sessions.size() - 1; i >= Math.max(0, sessions.size() - PINNED_SESSION_SUMMARIES); i--) {
            Summary s = sessions.get(i);
            pinned.add(new MemoryCandidate(MemoryCandidate.Kind.SUMMARY, s.id(), null, s.text(), s.createdAt(), 1));
        }
        return List.copyOf(pinned);
    }

    @Override
    public List<MemoryCandidate> find(UserId user, SessionId current, String message, float[] queryEmbedding, int limit) {
        if (limit == 0) {
            return List.of();
        }
        List<MemoryCandidate> out = new ArrayList<>();
        for (Hit h : retriever.retrieve(user, message, queryEmbedding, limit + CURRENT_SESSION_SLACK)) {
            if (out.size() == limit) {
                break;
            }
            if (h.kind() == ItemKind.TURN && current != null && current.equals(h.session())) {
                continue;
            }
            MemoryCandidate.Kind kind = switch (h.kind()) {
                case FACT -> MemoryCandidate.Kind.FACT;
                case ENTITY -> MemoryCandidate.Kind.ENTITY;
                case SUMMARY -> MemoryCandidate.Kind.SUMMARY;
                case TURN -> MemoryCandidate.Kind.TURN;
                case FILE -> MemoryCandidate.Kind.FILE;
            };
            String label = kind == MemoryCandidate.Kind.FACT ? "#" + h.id() : null;
            out.add(new MemoryCandidate(kind, h.id(), label, h.text(), h.time(), h.score(), h.role()));
        }
        return out;
    }
}
