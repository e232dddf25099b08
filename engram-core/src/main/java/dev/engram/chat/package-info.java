/**
 * The turn pipeline: {@link dev.engram.chat.ChatService} checks and logs a message, retrieves memory,
 * has {@link dev.engram.chat.PromptAssembler} build the prompt inside its budgets, streams the reply and
 * queues the memory work; prompts are data under {@code /prompts}.
 */
package dev.engram.chat;
