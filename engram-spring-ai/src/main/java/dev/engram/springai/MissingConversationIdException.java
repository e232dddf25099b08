package dev.engram.springai;

import org.springframework.ai.chat.memory.ChatMemory;

/**
 * A ChatClient call reached Engram without a conversation id, so Engram cannot tell whose memory to
 * use. Thrown before the model is called; nothing is recorded.
 */
public final class MissingConversationIdException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** The exception with the message that says how to pass the id. */
    public MissingConversationIdException() {
        super("Engram needs a conversation id: call .advisors(a -> a.param(ChatMemory.CONVERSATION_ID, \"alice:chat-1\")) "
                + "on the ChatClient request (advisor parameter \"" + ChatMemory.CONVERSATION_ID
                + "\", written '<user id>:<conversation>')");
    }
}
