/**
 * Engram memory for Spring AI: {@link dev.engram.springai.EngramMemoryAdvisor} puts a user's
 * long-term memory into the system prompt and records each exchange for extraction, and {@link
 * dev.engram.springai.EngramChatMemoryRepository} keeps Spring AI's chat memory window in Engram's
 * turn log. Both name the user and the conversation by one Spring AI conversation id, {@code
 * user:conversation} (see {@link dev.engram.springai.EngramConversationId}).
 */
package dev.engram.springai;
