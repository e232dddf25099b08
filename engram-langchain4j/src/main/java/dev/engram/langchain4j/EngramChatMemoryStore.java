package dev.engram.langchain4j;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.engram.Engram;
import dev.engram.memory.Role;
import dev.engram.memory.Turn;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A LangChain4j {@link ChatMemoryStore} backed by Engram's turn log, for {@code
 * MessageWindowChatMemory} and AI Services. The memory id names the user and the conversation
 * (see {@link EngramMemoryId}: a {@code String} user id, or an {@code EngramMemoryId}).
 *
 * <p>The turn log is append-only here. {@link #updateMessages} is handed the whole window after
 * old messages were evicted (langchain4j#1107); the store appends only the messages that are new
 * since the window it held (a user message with {@link Engram#recordMessage}, the reply to it with
 * {@link Engram#recordReply}, which queues its extraction for Engram's background worker, as the
 * CLI's chat does) and then replaces its view of the window. A message that fell out of the window
 * stays in the turn log and in everything learned from it. System messages, tool calls and tool
 * results are kept in the window only, never as turns; an AI message that asks for tools is not a
 * reply. New messages are told from old by object identity (a chat memory hands back the objects
 * this store gave it), or, when no object is shared, by the longest overlap of equal messages: so
 * in a window of one message, an equal repeat of it is not appended.
 *
 * <p>{@link #getMessages} answers from the window held in this process; the first time a memory id
 * is seen (after a restart, say) it is restored from the last turns of its conversation, starting
 * with a user message. {@link #deleteMessages} empties the window only: the turn log and the
 * user's memory are untouched, and a window restored later (after a restart, or after this store
 * dropped it from its bounded cache) shows the conversation's turns again. To forget or erase, use
 * {@link Engram#memory}.
 *
 * <p>Thread safe. Like any LangChain4j store, two calls of one memory id at once can lose each
 * other's messages from the window (LangChain4j does not lock around read and write); both are
 * still appended to the turn log.
 */
public final class EngramChatMemoryStore implements ChatMemoryStore {
    /** How many turns a restored window holds at most, unless told otherwise. */
    public static final int DEFAULT_RESTORED_MESSAGES = 100;
    /** How many windows are held in memory at most, unless told otherwise. */
    public static final long DEFAULT_MAX_WINDOWS = 10_000;

    private final Engram engram;
    private final int restoredMessages;
    private final Cache<EngramMemoryId, ConversationWindow> windows;

    /** A store over {@code engram}'s turn log with the default bounds. */
    public EngramChatMemoryStore(Engram engram) {
        this(engram, DEFAULT_RESTORED_MESSAGES, DEFAULT_MAX_WINDOWS);
    }

    /**
     * @param restoredMessages how many of a conversation's last turns a restored window holds (the
     *     chat memory trims it further to its own size)
     * @param maxWindows how many windows are held in memory; the least used is dropped first and
     *     restored from the turn log when needed again
     * @throws IllegalArgumentException when a bound is not positive
     */
    public EngramChatMemoryStore(Engram engram, int restoredMessages, long maxWindows) {
        this.engram = Objects.requireNonNull(engram, "engram");
        if (restoredMessages < 1) {
            throw new IllegalArgumentException("restored messages must be positive, was " + restoredMessages);
        }
        if (maxWindows < 1) {
            throw new IllegalArgumentException("max windows must be positive, was " + maxWindows);
        }
        this.restoredMessages = restoredMessages;
        this.windows = Caffeine.newBuilder().maximumSize(maxWindows).build();
    }

    /**
     * The window of {@code memoryId}: what was last written, or the conversation's last turns.
     *
     * @throws IllegalArgumentException when the memory id is missing, blank or not valid (see {@link EngramMemoryId#from})
     */
    @Override
    public List<ChatMessage> getMessages(Object memoryId) {
        ConversationWindow window = window(EngramMemoryId.from(memoryId));
        synchronized (window) {
            return window.messages();
        }
    }

    /**
     * Appends the messages new since the window held to the turn log (queuing extraction for each
     * reply), then holds {@code messages} as the window. Nothing is ever deleted from the turn log.
     *
     * @throws IllegalArgumentException when the memory id is not valid, or a message cannot be
     *     stored (too long, say); the window is then left as it was
     */
    @Override
    public void updateMessages(Object memoryId, List<ChatMessage> messages) {
        Objects.requireNonNull(messages, "messages");
        EngramMemoryId id = EngramMemoryId.from(memoryId);
        ConversationWindow window = window(id);
        synchronized (window) {
            for (ChatMessage message : WindowChanges.added(window.messages(), messages)) {
                record(id, window, message);
            }
            window.replace(messages);
        }
    }

    /**
     * Empties the window of {@code memoryId}; the turn log and the user's memory are kept (see the
     * class comment).
     *
     * @throws IllegalArgumentException when the memory id is not valid
     */
    @Override
    public void deleteMessages(Object memoryId) {
        windows.put(EngramMemoryId.from(memoryId), ConversationWindow.empty());
    }

    private ConversationWindow window(EngramMemoryId id) {
        return windows.get(id, this::restore);
    }

    private ConversationWindow restore(EngramMemoryId id) {
        List<Turn> turns = engram.conversation(id.user().value(), id.conversation().value());
        Long lastUserTurn = null;
        for (Turn turn : turns) {
            if (turn.role() == Role.USER) {
                lastUserTurn = turn.id();
            }
        }
        List<Turn> last = turns.subList(Math.max(0, turns.size() - restoredMessages), turns.size());
        List<ChatMessage> messages = new ArrayList<>();
        for (Turn turn : last) {
            // A window must not open with a reply: the Messages API wants the user first.
            if (turn.role() == Role.USER) {
                messages.add(UserMessage.from(turn.text()));
            } else if (!messages.isEmpty()) {
                messages.add(AiMessage.from(turn.text()));
            }
        }
        return new ConversationWindow(messages, lastUserTurn);
    }

    private void record(EngramMemoryId id, ConversationWindow window, ChatMessage message) {
        String user = id.user().value();
        String conversation = id.conversation().value();
        if (message instanceof UserMessage userMessage) {
            String text = textOf(userMessage);
            if (!text.isBlank()) {
                window.userTurnRecorded(engram.recordMessage(user, conversation, text).id());
            }
        } else if (message instanceof AiMessage reply && !reply.hasToolExecutionRequests()
                && reply.text() != null && !reply.text().isBlank()) {
            Long userTurn = window.lastUserTurn();
            if (userTurn != null) {
                engram.recordReply(user, conversation, userTurn, reply.text());
                window.userTurnAnswered();
            } else {
                // A reply with no unanswered user message before it: logged, nothing to extract.
                engram.recordAssistantMessage(user, conversation, reply.text());
            }
        }
    }

    private static String textOf(UserMessage message) {
        if (message.hasSingleText()) {
            return message.singleText();
        }
        return message.contents().stream()
                .filter(TextContent.class::isInstance)
                .map(content -> ((TextContent) content).text())
                .collect(Collectors.joining("\n"));
    }
}
