package dev.engram.chat;

import dev.engram.memory.SessionId;
import dev.engram.memory.UserId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The chat sessions kept in memory between messages, keyed by user and session id, and their
 * lifecycle, the same for the server, the REPL and the library: a session idle for longer than the
 * idle timeout is ended by {@link #endIdle} (its summary is queued, see {@link ChatService#end}),
 * and when more than {@code capacity} sessions are live the least recently used one is ended the
 * same way rather than dropped without a summary. An ended session that is used again is rebuilt
 * from the turn log ({@link ChatService#resume}); its first summary stands (the summary job skips a
 * session that has one), so what is said after it is not summarized.
 *
 * <p>Time comes from the injected clock, and {@link #endIdle} is called by whoever owns the
 * schedule (the server's and the library's background timer, or a test with a fake clock). Thread
 * safe.
 */
public final class LiveSessions {
    private static final System.Logger LOG = System.getLogger(LiveSessions.class.getName());

    private record Key(UserId user, SessionId session) {}

    private final ChatService chat;
    private final Clock clock;
    private final Duration idleTimeout;
    private final Map<Key, ChatSession> sessions;
    // Each user's most recently used live session, so that current() finds it without a scan.
    private final Map<UserId, SessionId> latest = new HashMap<>();
    // Sessions pushed out by the capacity bound, ended outside the lock.
    private final List<ChatSession> overflow = new ArrayList<>();

    /**
     * @param idleTimeout how long a session may go without a message before {@link #endIdle} ends it
     * @param capacity how many sessions are kept live at most
     */
    public LiveSessions(ChatService chat, Clock clock, Duration idleTimeout, int capacity) {
        this.chat = Objects.requireNonNull(chat, "chat");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("the idle timeout must be positive, was " + idleTimeout);
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("the live session capacity must be positive, was " + capacity);
        }
        this.idleTimeout = idleTimeout;
        this.sessions = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, ChatSession> eldest) {
                if (size() > capacity) {
                    overflow.add(eldest.getValue());
                    latest.remove(eldest.getKey().user(), eldest.getKey().session());
                    return true;
                }
                return false;
            }
        };
    }

    /** How long a session may stay idle before it is ended. */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    public Optional<ChatSession> get(UserId user, SessionId session) {
        synchronized (this) {
            return Optional.ofNullable(sessions.get(new Key(user, session)));
        }
    }

    /**
     * Keeps {@code session} unless another one with its key is kept already; returns the one kept.
     * When that pushes the least recently used session out, it is ended (summary queued).
     */
    public ChatSession keep(ChatSession session) {
        ChatSession kept;
        synchronized (this) {
            kept = sessions.computeIfAbsent(new Key(session.user(), session.id()), k -> session);
            latest.put(session.user(), session.id());
        }
        endOverflow();
        return kept;
    }

    /**
     * The session a user's next message without a session id belongs to: their most recently used
     * live session while it is not idle; otherwise a new one (an idle one is ended first).
     */
    public ChatSession current(UserId user) {
        ChatSession idle = null;
        ChatSession found;
        synchronized (this) {
            SessionId id = latest.get(user);
            found = id == null ? null : sessions.get(new Key(user, id)); // a get also moves it up the LRU order
            if (found != null && isIdle(found, clock.instant())) {
                sessions.remove(new Key(user, id));
                idle = found;
                found = null;
            }
            if (found == null) {
                // Opened and kept under the lock: two first messages of one user at once share one session.
                found = chat.open(user);
                sessions.put(new Key(user, found.id()), found);
            }
            latest.put(user, found.id());
        }
        if (idle != null) {
            endSession(idle);
        }
        endOverflow();
        return found;
    }

    /**
     * Notes that something of conversation {@code session} was just written to the turn log
     * elsewhere (an application recording its own conversation): keeps a session for it, marked
     * as recorded and active now, so that it ends, and is summarized, like any other session.
     */
    public void recorded(UserId user, SessionId session) {
        ChatSession kept;
        synchronized (this) {
            kept = sessions.computeIfAbsent(new Key(user, session), k -> new ChatSession(user, session, clock.instant()));
        }
        synchronized (kept) {
            kept.markRecorded();
            kept.touch(clock.instant());
        }
        endOverflow();
    }

    /** Drops a session without ending it (its owner ended it, or will). */
    public synchronized void remove(UserId user, SessionId session) {
        sessions.remove(new Key(user, session));
        latest.remove(user, session);
    }

    /** Ends a live session (summary queued) and drops it; false when it is not live. */
    public boolean end(UserId user, SessionId session) {
        ChatSession removed;
        synchronized (this) {
            removed = sessions.remove(new Key(user, session));
            latest.remove(user, session);
        }
        if (removed == null) {
            return false;
        }
        endSession(removed);
        return true;
    }

    /** Ends (summaries queued) and drops every live session of the user; returns how many. */
    public int endUser(UserId user) {
        List<ChatSession> mine = new ArrayList<>();
        synchronized (this) {
            for (Iterator<Map.Entry<Key, ChatSession>> it = sessions.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<Key, ChatSession> e = it.next();
                if (e.getKey().user().equals(user)) {
                    mine.add(e.getValue());
                    it.remove();
                }
            }
            latest.remove(user);
        }
        mine.forEach(this::endSession);
        return mine.size();
    }

    /** Drops every session of the user without a summary (after an erase, there is nothing to summarize). */
    public synchronized void removeUser(UserId user) {
        sessions.keySet().removeIf(k -> k.user().equals(user));
        latest.remove(user);
    }

    /**
     * Ends (summary queued) and drops every session idle for longer than the idle timeout at the
     * clock's current time; returns how many were ended.
     */
    public int endIdle() {
        Instant now = clock.instant();
        List<ChatSession> ended = new ArrayList<>();
        synchronized (this) {
            for (Iterator<ChatSession> it = sessions.values().iterator(); it.hasNext(); ) {
                ChatSession s = it.next();
                if (isIdle(s, now)) {
                    it.remove();
                    latest.remove(s.user(), s.id());
                    ended.add(s);
                }
            }
        }
        ended.forEach(this::endSession);
        return ended.size();
    }

    /**
     * Starts a daemon thread that calls {@link #endIdle} on each of {@code live} every half idle
     * timeout (at most every 30 s, at least every second); a failure is logged and the next sweep
     * tries again. Shut the returned executor down to stop it.
     */
    public static ScheduledExecutorService sweepIdle(Duration idleTimeout, LiveSessions... live) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "engram-idle-sessions");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1, Math.min(30, idleTimeout.toSeconds() / 2));
        timer.scheduleWithFixedDelay(() -> {
            for (LiveSessions sessions : live) {
                try {
                    sessions.endIdle();
                } catch (RuntimeException e) {
                    // The store may be briefly unavailable; the sessions stay live and the next sweep tries again.
                    LOG.log(System.Logger.Level.WARNING, "could not end idle sessions: " + e.getMessage());
                }
            }
        }, every, every, TimeUnit.SECONDS);
        return timer;
    }

    /** Ends every live session (summaries queued), e.g. on shutdown. */
    public int endAll() {
        List<ChatSession> all;
        synchronized (this) {
            all = new ArrayList<>(sessions.values());
            sessions.clear();
            latest.clear();
        }
        all.forEach(this::endSession);
        return all.size();
    }

    /** Whether {@code session} has been idle for longer than the idle timeout at {@code now}. */
    public boolean isIdle(ChatSession session, Instant now) {
        return idle(session, now, idleTimeout);
    }

    /**
     * The one idle rule, for a front-end that holds a single session itself (the REPL): {@code
     * session} has gone longer than {@code timeout} without a message at {@code now}.
     */
    public static boolean idle(ChatSession session, Instant now, Duration timeout) {
        return Duration.between(session.lastActivity(), now).compareTo(timeout) > 0;
    }

    /**
     * Drops the given stored turns from the history of every live session of the user, so that a
     * forgotten fact's messages are not sent to the model again. Waits for a turn running on one
     * of those sessions to finish (turns run under the session's monitor).
     */
    public void forgetTurns(UserId user, Collection<Long> turnIds) {
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

    public synchronized int size() {
        return sessions.size();
    }

    private void endOverflow() {
        List<ChatSession> pushedOut;
        synchronized (this) {
            if (overflow.isEmpty()) {
                return;
            }
            pushedOut = new ArrayList<>(overflow);
            overflow.clear();
        }
        pushedOut.forEach(this::endSession);
    }

    private void endSession(ChatSession session) {
        // Not under the session's monitor: a turn still running on it would hold up whoever ends it (the
        // sweeper, or another user's request pushing it out). The summary job reads the turn log when it
        // runs, so a turn finishing meanwhile is in it.
        chat.end(session);
    }
}
