package dev.engram.chat;

import dev.engram.llm.ChatMessage;
import dev.engram.memory.SessionId;
import dev.engram.memory.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * One live conversation of a user: its id, its messages so far, and whether it is incognito
 * (nothing written to memory). Not thread safe: {@link ChatService} serializes turns per user.
 */
public final class ChatSession {
    private final UserId user;
    private final SessionId id;
    private final List<ChatMessage> history = new ArrayList<>();
    // Indexed like history: the id of the stored turn behind each message, or null when it was not recorded.
    private final List<Long> turnIds = new ArrayList<>();
    private boolean incognito;
    // Read by the idle sweeper while a turn may write them.
    private volatile boolean recorded;
    private volatile Instant lastActivity;

    public ChatSession(UserId user, SessionId id, Instant startedAt) {
        this.user = user;
        this.id = id;
        this.lastActivity = startedAt;
    }

    public UserId user() {
        return user;
    }

    public SessionId id() {
        return id;
    }

    /** This session's messages so far, oldest first. */
    public List<ChatMessage> history() {
        return List.copyOf(history);
    }

    void add(ChatMessage message, Long turnId) {
        history.add(message);
        turnIds.add(turnId);
    }

    /**
     * Drops the messages of the given stored turns from this session's history, so that a turn the
     * user had forgotten is not sent again with the next message. Unknown ids are ignored.
     */
    public void forgetTurns(Collection<Long> forgotten) {
        for (int i = history.size() - 1; i >= 0; i--) {
            Long id = turnIds.get(i);
            if (id != null && forgotten.contains(id)) {
                history.remove(i);
                turnIds.remove(i);
            }
        }
    }

    /** Whether memory writes are off for the rest of this session. */
    public boolean incognito() {
        return incognito;
    }

    /** Stops all memory writes until {@link #leaveIncognito} or the end of the session. */
    public void goIncognito() {
        incognito = true;
    }

    /**
     * Records again from the next turn on. What was said while incognito stays out of memory; it
     * stays in this live session's history, as part of the conversation under way.
     */
    public void leaveIncognito() {
        incognito = false;
    }

    /** Whether any turn of this session was written to the turn log (then it gets a summary). */
    public boolean recorded() {
        return recorded;
    }

    void markRecorded() {
        recorded = true;
    }

    public Instant lastActivity() {
        return lastActivity;
    }

    void touch(Instant at) {
        lastActivity = at;
    }
}
