/**
 * The {@link dev.engram.llm.LlmClient} backed by the official Anthropic Java SDK, and
 * {@link dev.engram.llm.anthropic.AnthropicMemoryToolHandler}, which gives the SDK's tool runner a
 * {@link dev.engram.llm.MemoryToolCommands} backend for Claude's memory tool. SDK types stay inside
 * this package; everything else sees only the records and exceptions of {@code dev.engram.llm}.
 */
package dev.engram.llm.anthropic;
