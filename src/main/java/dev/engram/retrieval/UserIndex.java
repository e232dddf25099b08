package dev.engram.retrieval;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

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
    private volatile long revision;

    UserIndex(long revision) {
        this.revision = revision;
    }

    /** The store revision this index reflects. */
    long revision() {
        return revision;
    }

    /** Appends an item; the index then reflects {@code newRevision}. */
    void add(MemoryItem item, long newRevision) {
        lock.writeLock().lock();
        try {
            append(item);
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
        contextVectors.add(contextVector(item));
        items.add(item);
        bm25.add(item.indexedText());
    }

    private float[] contextVector(MemoryItem item) {
        if (item.kind() != ItemKind.TURN || item.embedding() == null || items.isEmpty()) {
            return null;
        }
        MemoryItem previous = items.get(items.size() - 1);
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
            return new Scores(List.copyOf(items), keyword, dense);
        } finally {
            lock.readLock().unlock();
        }
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

    /** Per-item scores, indexed like {@code items}; {@code dense} is null when not asked for. */
    record Scores(List<MemoryItem> items, float[] bm25, float[] dense) {}
}
