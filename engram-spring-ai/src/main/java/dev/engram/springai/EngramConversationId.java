package dev.engram.springai;

import dev.engram.memory.SessionId;
import dev.engram.memory.UserId;
import java.util.Map;
import java.util.Objects;
import org.springframework.ai.chat.memory.ChatMemory;

/**
 * Whose conversation a Spring AI conversation id names: Spring AI has one id ({@link
 * ChatMemory#CONVERSATION_ID}) where Engram has two, so the id is written {@code user:conversation},
 * e.g. {@code alice:support-42}. Long-term memory belongs to the user and is shared by all of their
 * conversations; the turn log and the chat window belong to one conversation.
 *
 * <p>The user part follows {@link UserId} (letters, digits, '.', '_', '-', '@'), the conversation
 * part {@link SessionId} (1-64 letters, digits, '_' or '-'). There is no default: an id without a
 * user part (such as the {@code "default"} that MessageChatMemoryAdvisor falls back to) is refused.
 */
public record EngramConversationId(UserId user, SessionId conversation) {
    /** Separates the user from the conversation. */
    public static final char SEPARATOR = ':';

    public EngramConversationId {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(conversation, "conversation");
    }

    /** The id of {@code conversation} of user {@code user}. */
    public static EngramConversationId of(String user, String conversation) {
        return new EngramConversationId(UserId.of(user), new SessionId(conversation));
    }

    /**
     * Parses {@code user:conversation}.
     *
     * @throws MissingConversationIdException when {@code id} is null or blank
     * @throws IllegalArgumentException when it has no user part or a part is not a valid id
     */
    public static EngramConversationId parse(String id) {
        if (id == null || id.isBlank()) {
            throw new MissingConversationIdException();
        }
        int at = id.lastIndexOf(SEPARATOR);
        if (at <= 0 || at == id.length() - 1) {
            throw new IllegalArgumentException("Engram needs the conversation id as '<user id>:<conversation>', e.g. "
                    + "'alice:support-42', so that each user's memory stays their own; was '" + id + "'");
        }
        return of(id.substring(0, at), id.substring(at + 1));
    }

    /**
     * The id in a ChatClient request's or response's advisor context, under {@link ChatMemory#CONVERSATION_ID}.
     *
     * @throws MissingConversationIdException when the context has none
     */
    public static EngramConversationId from(Map<String, Object> context) {
        Object id = context.get(ChatMemory.CONVERSATION_ID);
        return parse(id == null ? null : id.toString());
    }

    /** The Spring AI form, {@code user:conversation}. */
    @Override
    public String toString() {
        return user.value() + SEPARATOR + conversation.value();
    }
}
