/**
 * The memory model of one user (facts, summaries, entities, the turn log), the {@link dev.engram.memory.MemoryStore}
 * seam, and the services that read and change memory.
 */
package dev.engram.memory;
