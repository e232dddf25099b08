package dev.engram.springai;

import dev.engram.Engram;
import dev.engram.memory.Role;
import dev.engram.memory.Turn;
import dev.engram.memory.UserId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.ai.chat.memory.ChatMemoryRepository;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.MessageType;
import org.springframework.ai.chat.messages.UserMessage;

/**
 * Spring AI's chat memory kept in Engram's turn log, so that what a chat window once held is also
 * what Engram learns from. Conversation ids are {@code user:conversation} ({@link EngramConversationId}).
 *
 * <p>{@link #saveAll} receives the whole window after MessageWindowChatMemory trimmed it. Messages
 * this repository returned carry their turn id in the metadata key {@link #TURN_ID}; the others are
 * new and are appended to the log in order: a user message with {@link Engram#recordMessage}, the
 * assistant message after it with {@link Engram#recordReply}, which queues extraction of that
 * exchange. Messages that left the window are never deleted, from the log or from memory. Engram's
 * log holds user and assistant messages only: a system or tool message is refused.
 *
 * <p>{@link #findByConversationId} returns the last {@code windowSize} turns of the conversation's
 * log, oldest first. {@link #deleteByConversationId} forgets the window only: the conversation's
 * turns, and the facts and summaries learnt from them, stay (use {@code engram.memory(user)} to
 * forget or erase them). The conversation looks empty to Spring AI until new messages come. That
 * mark is kept in this process: after a restart, the window is read from the log again.
 *
 * <p>Thread safe; the messages of one conversation should be saved one turn at a time, as
 * MessageWindowChatMemory's read, append and save are not atomic.
 */
public final class EngramChatMemoryRepository implements ChatMemoryRepository {
    /** Metadata key of a message's turn id in Engram's log (a {@code Long}). */
    public static final String TURN_ID = "engram_turn_id";

    private final Engram engram;
    private final int windowSize;
    // Per conversation: turns with this id or lower were cleared by deleteByConversationId.
    private final Map<EngramConversationId, Long> clearedThrough = new ConcurrentHashMap<>();

    /**
     * @param windowSize how many of a conversation's latest turns {@link #findByConversationId} returns;
     *     give MessageWindowChatMemory the same number
     * @throws IllegalArgumentException when {@code windowSize} is not positive
     */
    public EngramChatMemoryRepository(Engram engram, int windowSize) {
        this.engram = Objects.requireNonNull(engram, "engram");
        if (windowSize < 1) {
            throw new IllegalArgumentException("the chat memory window must hold at least 1 message, was " + windowSize);
        }
        this.windowSize = windowSize;
    }

    /** The ids of every conversation in Engram's log, {@code user:conversation}; reads every user's turns. */
    @Override
    public List<String> findConversationIds() {
        Set<String> ids = new LinkedHashSet<>();
        for (UserId user : engram.store().users()) {
            for (Turn turn : engram.store().turns(user)) {
                ids.add(new EngramConversationId(user, turn.sessionId()).toString());
            }
        }
        return List.copyOf(ids);
    }

    @Override
    public List<Message> findByConversationId(String conversationId) {
        EngramConversationId id = EngramConversationId.parse(conversationId);
        List<Turn> turns = visibleTurns(id);
        return turns.subList(Math.max(0, turns.size() - windowSize), turns.size()).stream()
                .map(EngramChatMemoryRepository::message)
                .toList();
    }

    @Override
    public void saveAll(String conversationId, List<Message> messages) {
        EngramConversationId id = EngramConversationId.parse(conversationId);
        Objects.requireNonNull(messages, "messages");
        for (Message m : messages) {
            if (m.getMessageType() != MessageType.USER
                    && m.getMessageType() != MessageType.ASSISTANT) {
                throw new IllegalArgumentException("Engram's chat memory keeps user and assistant messages only, not "
                        + m.getMessageType() + ": put system text into the prompt instead");
            }
        }
        String user = id.user().value();
        String conversation = id.conversation().value();
        Long unansweredUserTurn = null;
        for (Message m : messages) {
            Object stored = m.getMetadata().get(TURN_ID);
            boolean isUser = m.getMessageType() == MessageType.USER;
            if (stored != null) {
                unansweredUserTurn = isUser ? ((Number) stored).longValue() : null;
            } else if (isUser) {
                unansweredUserTurn = engram.recordMessage(user, conversation, text(m)).id();
            } else if (unansweredUserTurn != null) {
                engram.recordReply(user, conversation, unansweredUserTurn, text(m));
                unansweredUserTurn = null;
            } else {
                // An assistant message that answers no user message in the window has nothing to extract.
                engram.recordAssistantMessage(user, conversation, text(m));
            }
        }
    }

    @Override
    public void deleteByConversationId(String conversationId) {
        EngramConversationId id = EngramConversationId.parse(conversationId);
        List<Turn> turns = engram.conversation(id.user().value(), id.conversation().value());
        if (!turns.isEmpty()) {
            clearedThrough.put(id, turns.get(turns.size() - 1).id());
        }
    }

    private List<Turn> visibleTurns(EngramConversationId id) {
        long cleared = clearedThrough.getOrDefault(id, Long.MIN_VALUE);
        List<Turn> turns = new ArrayList<>();
        for (Turn turn : engram.conversation(id.user().value(), id.conversation().value())) {
            if (turn.id() > cleared) {
                turns.add(turn);
            }
        }
        return turns;
    }

    private static Message message(Turn turn) {
        Map<String, Object> metadata = Map.of(TURN_ID, turn.id());
        return turn.role() == Role.USER
                ? UserMessage.builder().text(turn.text()).metadata(metadata).build()
                : AssistantMessage.builder().content(turn.text()).properties(metadata).build();
    }

    private static String text(Message m) {
        return m.getText() == null ? "" : m.getText();
    }
}
