/**
 * The embedding seam, below memory and retrieval: {@link dev.engram.embedding.Embedder}, the
 * fusion settings that go with each model, and vector arithmetic. The models themselves are in
 * engram-embeddings.
 */
package dev.engram.embedding;
