/**
 * Finding the memory that fits a message: BM25 keyword search and dense embeddings over one
 * user's facts, entities, summaries and turns, fused into one ranking, with a per-user index cache
 * that follows the store's revision.
 */
package dev.engram.retrieval;
