/**
 * Benchmarks of Engram on public data: the LOCOMO long-conversation benchmark of evidence
 * retrieval, run through the product's real write and retrieval paths.
 */
package dev.engram.bench;
