/**
 * Engram memory for LangChain4j: {@link dev.engram.langchain4j.EngramChatMemoryStore} keeps a chat
 * memory's window in Engram's turn log (so the turns are learned from in the background), and
 * {@link dev.engram.langchain4j.EngramContentRetriever} puts what Engram remembers about the user
 * into the prompt through a {@code RetrievalAugmentor}. Both name the user by the chat memory id,
 * parsed by {@link dev.engram.langchain4j.EngramMemoryId}.
 */
package dev.engram.langchain4j;
