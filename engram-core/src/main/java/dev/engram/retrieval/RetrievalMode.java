package dev.engram.retrieval;

/** Which signals a {@link HybridRetriever} ranks by. */
public enum RetrievalMode {
    /** Keywords and embeddings fused, with query cues; the product default. */
    HYBRID,
    /** BM25 keyword search only. */
    BM25,
    /** Cosine similarity of embeddings only. */
    DENSE
}
