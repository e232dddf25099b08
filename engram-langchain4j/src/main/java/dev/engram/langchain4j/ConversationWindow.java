package dev.engram.langchain4j;

import dev.langchain4j.data.message.ChatMessage;
import java.util.List;

/**
 * What the store holds for one memory id in this process: the window LangChain4j last wrote (with
 * its system and tool messages, which are not turns) and the user turn the next reply answers.
 * Guarded by its own monitor.
 */
final class ConversationWindow {
    private List<ChatMessage> messages;
    private Long lastUserTurn;

    ConversationWindow(List<ChatMessage> messages, Long lastUserTurn) {
        this.messages = List.copyOf(messages);
        this.lastUserTurn = lastUserTurn;
    }

    static ConversationWindow empty() {
        return new ConversationWindow(List.of(), null);
    }

    List<ChatMessage> messages() {
        return messages;
    }

    void replace(List<ChatMessage> window) {
        this.messages = List.copyOf(window);
    }

    /** The id of the latest user turn of the conversation, or null when it has none (or the window was cleared). */
    Long lastUserTurn() {
        return lastUserTurn;
    }

    void userTurnRecorded(long turnId) {
        this.lastUserTurn = turnId;
    }

    /** The latest user turn got its reply: a later reply answers no user message, and is not extracted again. */
    void userTurnAnswered() {
        this.lastUserTurn = null;
    }
}
