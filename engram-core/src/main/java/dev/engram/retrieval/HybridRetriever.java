package dev.engram.retrieval;

import dev.engram.embedding.Embedder;
import dev.engram.embedding.FusionSettings;

import dev.engram.memory.UserId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * The product retriever: BM25 and dense cosine over one user's memory, fused linearly
 * ({@link LinearFusion}) and lifted by neighbouring turns ({@link QueryCues}), in one of three
 * {@link RetrievalMode}s. In hybrid mode question words are dropped from the keyword query, turns
 * of a speaker the query names are lifted, and longer items pay a small length penalty. Only the query is embedded
 * (with {@link Embedder#embedQuery}); items carry the embeddings stored when they were written. Thread safe.
 */
public final class HybridRetriever implements Retriever {
    private final MemoryIndexes indexes;
    private final Embedder embedder;
    private final RetrievalMode mode;
    private final FusionSettings settings;

    public HybridRetriever(MemoryIndexes indexes, Embedder embedder, RetrievalMode mode, FusionSettings settings) {
        this.indexes = Objects.requireNonNull(indexes, "indexes");
        if (embedder == null && mode != RetrievalMode.BM25) {
            throw new IllegalArgumentException(mode + " retrieval needs an embedder; only BM25 works without one");
        }
        this.embedder = embedder;
        this.mode = Objects.requireNonNull(mode, "mode");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * A retriever with the embedder's own settings ({@link Embedder#fusion}); without an embedder
     * (BM25 mode) the fusion settings play no part.
     */
    public HybridRetriever(MemoryIndexes indexes, Embedder embedder, RetrievalMode mode) {
        this(indexes, embedder, mode, embedder == null ? FusionSettings.E5 : embedder.fusion());
    }

    @Override
    public List<Hit> retrieve(UserId user, String query, int limit) {
        return retrieve(user, query, null, limit);
    }

    /**
     * As {@link #retrieve(UserId, String, int)}, reusing the query's embedding when the caller
     * already computed it (the chat loop embeds each message once, to store it with the turn).
     *
     * @param queryVector the query's embedding from this retriever's embedder's {@link Embedder#embedQuery}
     *     (for MiniLM the same as {@link Embedder#embed}; for e5 not), or null to compute it
     */
    public List<Hit> retrieve(UserId user, String query, float[] queryVector, int limit) {
        return retrieve(user, query, queryVector, limit, null);
    }

    /**
     * As {@link #retrieve(UserId, String, int)}, keeping only items of one kind (e.g. facts), each
     * with the score it has among all of the user's items.
     */
    public List<Hit> retrieve(UserId user, String query, int limit, ItemKind kind) {
        return retrieve(user, query, null, limit, Objects.requireNonNull(kind, "kind"));
    }

    private List<Hit> retrieve(UserId user, String query, float[] queryVector, int limit, ItemKind kind) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(query, "query");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        UserIndex index = indexes.index(user);
        float[] vector = mode == RetrievalMode.BM25 ? null : queryVector != null ? queryVector : embedder.embedQuery(query);
        String keywords = mode == RetrievalMode.HYBRID ? QueryCues.keywordQuery(query) : query;
        UserIndex.Scores scores = index.score(keywords, vector);
        float[] ranking = switch (mode) {
            case BM25 -> scores.bm25();
            case DENSE -> LinearFusion.minMaxNormalized(scores.dense());
            case HYBRID -> hybrid(query, scores);
        };
        return top(scores.items(), ranking, limit, kind);
    }

    private float[] hybrid(String query, UserIndex.Scores scores) {
        float[] ranking = QueryCues.withNeighbours(scores.items(),
                LinearFusion.fuse(scores.bm25(), scores.dense(), settings.bm25Weight()), settings.neighbourWeight());
        QueryCues.adjust(ranking, scores.speakers(), scores.logLengths(), QueryCues.namedSpeakers(query, scores.knownSpeakers()),
                settings.speakerWeight(), settings.lengthPenalty());
        return ranking;
    }

    /** The best {@code limit} items, of {@code kind} only unless it is null. */
    private static List<Hit> top(List<MemoryItem> items, float[] ranking, int limit, ItemKind kind) {
        PriorityQueue<Integer> best = new PriorityQueue<>(
                (a, b) -> ranking[a] != ranking[b] ? Float.compare(ranking[a], ranking[b]) : Integer.compare(b, a));
        for (int i = 0; i < ranking.length; i++) {
            if (kind != null && items.get(i).kind() != kind) {
                continue;
            }
            best.add(i);
            if (best.size() > limit) {
                best.poll();
            }
        }
        List<Hit> hits = new ArrayList<>(best.size());
        while (!best.isEmpty()) {
            int i = best.poll();
            MemoryItem item = items.get(i);
            hits.add(new Hit(item.kind(), item.id(), item.text(), item.time(), ranking[i], item.session(), item.role()));
        }
        Collections.reverse(hits);
        return hits;
    }
}
