/**
 * Claude's memory tool backed by Engram: {@link dev.engram.memorytool.MemoryTool} carries out the
 * tool's commands on one user's memory files, with the tool's path rules and result texts. It has
 * no SDK types; {@code llm/anthropic/AnthropicMemoryToolHandler} hands it to the Anthropic SDK's
 * tool runner.
 */
package dev.engram.memorytool;
