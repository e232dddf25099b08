package dev.engram.embedding;

import java.util.List;

/**
 * Turns text into a dense vector for semantic search. Vectors are L2-normalised, so a dot
 * product is their cosine similarity. Implementations are thread safe.
 */
public interface Embedder {

    /** The length of every vector this embedder returns. */
    int dimensions();

    /** Embeds one text to be stored and searched: a turn, fact, entity or summary. */
    float[] embed(String text);

    /**
     * Embeds a search query. Models trained with distinct query and passage forms (e5) mark the
     * text as a query, so its vector is only comparable with vectors from {@link #embed}; the
     * others return what {@link #embed} returns.
     */
    float[] embedQuery(String text);

    /** Embeds many texts, in order; may be faster than one at a time. */
    List<float[]> embedAll(List<String> texts);

    /**
     * The hybrid ranking settings tuned for this model: how its cosine scores weigh against BM25
     * depends on how they spread.
     */
    FusionSettings fusion();

    /**
     * The cosine from which two short statements embedded by this model are likely about the same
     * thing, so that a new fact is checked against a known one. Models spread cosines differently:
     * MiniLM gives unrelated facts about 0.1, e5 about 0.75.
     */
    double neighbourCosine();
}
