/**
 * The {@link dev.engram.llm.LlmClient} backed by the official Anthropic Java SDK. SDK types stay inside
 * this package; everything else sees only the records and exceptions of {@code dev.engram.llm}.
 */
package dev.engram.llm.anthropic;
