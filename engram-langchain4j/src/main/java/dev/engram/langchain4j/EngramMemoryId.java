package dev.engram.langchain4j;

import dev.engram.memory.SessionId;
import dev.engram.memory.UserId;
import java.util.Objects;

/**
 * A LangChain4j chat memory id as Engram reads it: whose memory ({@code user}) and which
 * conversation of the turn log the window belongs to.
 *
 * <p>Pass either this record as the {@code @MemoryId} (one window per conversation, e.g. per
 * session), or a plain {@code String} user id, which means that user's {@link #DEFAULT_CONVERSATION}
 * (one window per user, kept across restarts). The record's equality is that of its two ids, as
 * LangChain4j needs for its per-id cache.
 *
 * @param user the user whose memory is read and written
 * @param conversation the conversation of the turn log the window's turns go to
 */
public record EngramMemoryId(UserId user, SessionId conversation) {
    /** The conversation a plain {@code String} memory id (a user id) stands for. */
    public static final String DEFAULT_CONVERSATION = "langchain4j";

    /** LangChain4j's memory id when an AI Service method has no {@code @MemoryId} parameter. */
    static final String LANGCHAIN4J_DEFAULT_ID = "default";

    public EngramMemoryId {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(conversation, "conversation");
    }

    /**
     * The memory id of one conversation of a user.
     *
     * @throws IllegalArgumentException when either id is not valid (see {@link UserId} and {@link SessionId})
     */
    public static EngramMemoryId of(String userId, String conversationId) {
        return new EngramMemoryId(UserId.of(userId), new SessionId(conversationId));
    }

    /**
     * Reads a chat memory id: an {@code EngramMemoryId} as it is, a {@code String} as a user id in
     * its {@link #DEFAULT_CONVERSATION}.
     *
     * @throws IllegalArgumentException when the id is missing, blank, LangChain4j's {@code "default"}
     *     (the AI Service method has no {@code @MemoryId}, so all callers would share one memory),
     *     not a valid user id, or of another type
     */
    public static EngramMemoryId from(Object chatMemoryId) {
        if (chatMemoryId instanceof EngramMemoryId id) {
            return id;
        }
        if (chatMemoryId == null) {
            throw new IllegalArgumentException("the chat memory id is missing, so Engram cannot tell whose memory this is: "
                    + "give the AI Service method a @MemoryId parameter carrying the user id (or an EngramMemoryId)");
        }
        if (!(chatMemoryId instanceof String userId)) {
            throw new IllegalArgumentException("Engram reads the chat memory id as a user id String or an EngramMemoryId, not a "
                    + chatMemoryId.getClass().getName() + " (" + chatMemoryId + ")");
        }
        if (userId.isBlank()) {
            throw new IllegalArgumentException("the chat memory id is blank, so Engram cannot tell whose memory this is: "
                    + "pass the user id as the @MemoryId argument");
        }
        if (userId.equals(LANGCHAIN4J_DEFAULT_ID)) {
            throw new IllegalArgumentException("the chat memory id is LangChain4j's \"default\": the AI Service method has no "
                    + "@MemoryId parameter, so every caller would share one memory; add a @MemoryId parameter carrying the "
                    + "user id (for a user really called default, pass EngramMemoryId.of(\"default\", conversationId))");
        }
        return new EngramMemoryId(UserId.of(userId), new SessionId(DEFAULT_CONVERSATION));
    }
}
