/**
 * The background work that changes memory after a turn, off the reply path: the extraction gate,
 * the extractor and reviewer (cheap memory model), consolidation against known facts, the rules a
 * fact must pass before it is stored, and session summaries. {@link
 * dev.engram.extraction.MemoryUpdater} runs them as the worker's {@code extract} and {@code
 * summarize} jobs.
 */
package dev.engram.extraction;
