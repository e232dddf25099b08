package dev.engram.server;

import dev.engram.chat.ChatSession;
import dev.engram.memory.SessionId;
import dev.engram.memory.UserId;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The chat sessions kept in memory between requests, keyed by internal user and session id, at
 * most {@code capacity}; the least recently used is dropped first (a dropped session is rebuilt
 * from the turn log on its next request). Thread safe.
 */
final class LiveSessions {
    private record Key(UserId user, SessionId session) {}

    private final Map<Key, ChatSession> sessions;

    LiveSessions(int capacity) {
        this.sessions = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, ChatSession> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized Optional<ChatSession> get(UserId user, SessionId session) {
        return Optional.ofNullable(sessions.get(new Key(user, session)));
    }

    /** Keeps {@code session} unless another one with its key is kept already; returns the one kept. */
    synchronized ChatSession keep(ChatSession session) {
        return sessions.computeIfAbsent(new Key(session.user(), session.id()), k -> session);
    }

    synchronized void remove(UserId user, SessionId session) {
        sessions.remove(new Key(user, session));
    }

    /** Drops every session of the user (after an erase). */
    synchronized void removeUser(UserId user) {
        sessions.keySet().removeIf(k -> k.user().equals(user));
    }

    /**
     * Drops the given stored turns from the history of every live session of the user, so that a
     * forgotten fact's messages are not sent to the model again. Waits for a turn running on one
     * of those sessions to finish (turns run under the session's monitor).
     */
    void forgetTurns(UserId user, Collection<Long> turnIds) {
        if (turnIds.isEmpty()) {
            return;
        }
        List<ChatSession> live;
        synchronized (this) {
            live = sessions.entrySet().stream().filter(e -> e.getKey().user().equals(user)).map(Map.Entry::getValue).toList();
        }
        for (ChatSession session : live) {
            synchronized (session) {
                session.forgetTurns(turnIds);
            }
        }
    }

    synchronized int size() {
        return sessions.size();
    }
}
