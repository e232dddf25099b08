package dev.engram.retrieval;

import dev.engram.embedding.Vectors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Collectors;

/**
 * The search index of one user's memory: the items, a BM25 index of their text and their stored
 * embeddings. A turn is also matched through its context vector, the unit sum of its own and the
 * previous turn's embedding in the same session, so that a reply such as "Yes, last Friday" is
 * found by what it answers. Items are appended one at a time; thread safe (many readers, one
 * writer at a time).
 */
final class UserIndex {
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final List<MemoryItem> items = new ArrayList<>();
    private final List<float[]> contextVectors = new ArrayList<>();
    private final Bm25Index bm25 = new Bm25Index();
    private final Map<Long, Integer> turnPositions = new HashMap<>();
    // Per item, indexed like items: the speaker label (or null) and the log length the penalty uses,
    // worked out once when the item arrives rather than on every query.
    private String[] speakers = new String[16];
    private float[] logLengths = new float[16];
    private final Map<String, Integer> speakerTurns = new HashMap<>();
    private volatile long revision;
    private volatile long memoryRevision;
    private volatile long bytes = 1_024;

    UserIndex(long revision, long memoryRevision) {
        this.revision = revision;
        this.memoryRevision = memoryRevision;
    }

    /** The store revision this index reflects. */
    long revision() {
        return revision;
    }

    /**
     * Roughly how many bytes this index holds, for the cache's weight: each item's text (twice:
     * the item and the BM25 postings), its embedding and its context vector, plus a fixed overhead.
     * Kept up to date as items arrive, so reading it costs nothing.
     */
    long approximateBytes() {
        return bytes;
    }

    /** Item {@code i}'s share of {@link #approximateBytes}; called under the write lock. */
    private long itemBytes(int i) {
        MemoryItem item = items.get(i);
        float[] context = contextVectors.get(i);
        return 160 + 4L * item.text().length()
                + (item.embedding() == null ? 0 : 16 + 4L * item.embedding().length)
                + (context == null || context == item.embedding() ? 0 : 16 + 4L * context.length);
    }

    /** The store's memory revision (writes other than turns) this index reflects. */
    long memoryRevision() {
        return memoryRevision;
    }

    /**
     * Brings the index to {@code newRevision} when only turns changed since it was built: a turn it
     * already holds is replaced (its stored embedding arrived), a new one is appended.
     */
    void catchUp(List<MemoryItem> turns, long newRevision) {
        lock.writeLock().lock();
        try {
            for (MemoryItem turn : turns) {
                Integer at = turnPositions.get(turn.id());
                if (at == null) {
                    append(turn);
                } else {
                    boolean hasNext = at + 1 < items.size();
                    long before = itemBytes(at) + (hasNext ? itemBytes(at + 1) : 0);
                    forgetSpeaker(speakers[at]);
                    items.set(at, turn);
                    speakers[at] = countSpeaker(turn);
                    logLengths[at] = QueryCues.logLength(turn.text());
                    contextVectors.set(at, contextVectorAt(at));
                    if (hasNext) {
                        contextVectors.set(at + 1, contextVectorAt(at + 1));
                    }
                    bytes += itemBytes(at) + (hasNext ? itemBytes(at + 1) : 0) - before;
                }
            }
            revision = newRevision;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Appends items in order, for the initial load. */
    void addAll(List<MemoryItem> batch) {
        lock.writeLock().lock();
        try {
            batch.forEach(this::append);
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void append(MemoryItem item) {
        if (item.kind() == ItemKind.TURN) {
            turnPositions.put(item.id(), items.size());
        }
        int at = items.size();
        items.add(item);
        if (at == speakers.length) {
            speakers = Arrays.copyOf(speakers, at * 2);
            logLengths = Arrays.copyOf(logLengths, at * 2);
        }
        speakers[at] = countSpeaker(item);
        logLengths[at] = QueryCues.logLength(item.text());
        contextVectors.add(contextVectorAt(items.size() - 1));
        bm25.add(item.indexedText());
        bytes += itemBytes(at);
    }

    private String countSpeaker(MemoryItem item) {
        String speaker = QueryCues.speakerLabel(item.kind(), item.text());
        if (speaker != null) {
            speakerTurns.merge(speaker, 1, Integer::sum);
        }
        return speaker;
    }

    private void forgetSpeaker(String speaker) {
        if (speaker != null) {
            speakerTurns.computeIfPresent(speaker, (k, n) -> n > 1 ? n - 1 : null);
        }
    }

    /** The unit sum of item {@code i}'s embedding and the previous item's, when both are turns of one session. */
    private float[] contextVectorAt(int i) {
        MemoryItem item = items.get(i);
        if (item.kind() != ItemKind.TURN || item.embedding() == null || i == 0) {
            return null;
        }
        MemoryItem previous = items.get(i - 1);
        if (previous.kind() != ItemKind.TURN || previous.embedding() == null
                || item.session() == null || !item.session().equals(previous.session())) {
            return null;
        }
        return Vectors.normalizedSum(previous.embedding(), item.embedding());
    }

    /**
     * Scores every item for a query in one consistent view: BM25 of {@code query}, and (when
     * {@code queryVector} is not null) the best cosine of its own and its context vector, NaN for
     * items without an embedding.
     */
    Scores score(String query, float[] queryVector) {
        lock.readLock().lock();
        try {
            float[] keyword = bm25.scores(query);
            float[] dense = queryVector == null ? null : dense(queryVector);
            int n = items.size();
            return new Scores(List.copyOf(items), keyword, dense, Arrays.copyOf(speakers, n), Arrays.copyOf(logLengths, n),
                    knownSpeakers());
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * The labels that start more than one turn, when at least half of the turns carry a label (a
     * transcript). In a chat, a few messages that start "Note: ..." or "Sure: ..." are no speakers.
     */
    private Set<String> knownSpeakers() {
        int labelled = speakerTurns.values().stream().mapToInt(Integer::intValue).sum();
        if (labelled * 2 < turnPositions.size()) {
            return Set.of();
        }
        return speakerTurns.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey)
                .collect(Collectors.toUnmodifiableSet());
    }

    private float[] dense(float[] q) {
        float[] out = new float[items.size()];
        for (int i = 0; i < out.length; i++) {
            float[] own = items.get(i).embedding();
            if (own == null) {
                out[i] = Float.NaN;
                continue;
            }
            float s = Vectors.dot(q, own);
            float[] context = contextVectors.get(i);
            out[i] = context == null ? s : Math.max(s, Vectors.dot(q, context));
        }
        return out;
    }

    /**
     * Per-item scores, indexed like {@code items}; {@code dense} is null when not asked for. With
     * them, each item's speaker label (null for none) and {@link QueryCues#logLength}, and the
     * speakers as {@link #knownSpeakers} gives them.
     */
    record Scores(List<MemoryItem> items, float[] bm25, float[] dense, String[] speakers, float[] logLengths,
                  Set<String> knownSpeakers) {}
}
