/**
 * The records of one user's memory (turns, facts with their history and time validity, summaries,
 * entities, memory files, jobs) and the seams that store them: {@link dev.engram.memory.MemoryStore}
 * by aggregate, with the narrow {@link dev.engram.memory.MemoryReader} that retrieval reads, and the
 * {@link dev.engram.memory.JobQueue}. No services: those that change memory are in {@code
 * extraction} (background) and {@code curation} (the user's own edits).
 */
package dev.engram.memory;
