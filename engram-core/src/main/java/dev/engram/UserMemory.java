package dev.engram;

import dev.engram.chat.LiveSessions;
import dev.engram.curation.MemoryService;
import dev.engram.memory.Fact;
import dev.engram.memory.FactChange;
import dev.engram.memory.ForgetResult;
import dev.engram.memory.ImportCounts;
import dev.engram.memory.MemoryExport;
import dev.engram.memory.MemoryView;
import dev.engram.memory.UserId;
import java.util.List;
import java.util.Objects;

/**
 * What Engram knows about one user, as that user may see and change it: the facts, summaries,
 * people, projects and goals ({@link #view}), a fact added or corrected by hand, a fact's history,
 * forgetting one item, export and erase. Obtained from {@link Engram#memory}. Thread safe.
 */
public final class UserMemory {
    private final MemoryService memory;
    private final UserId user;
    private final LiveSessions[] live;

    /** @param live the sessions to keep in step: a forget or an erase takes what it removed out of their history */
    UserMemory(MemoryService memory, UserId user, LiveSessions... live) {
        this.memory = Objects.requireNonNull(memory, "memory");
        this.user = Objects.requireNonNull(user, "user");
        this.live = live.clone();
    }

    public UserId user() {
        return user;
    }

    /** The current facts, session summaries, entities and memory files. */
    public MemoryView view() {
        return memory.view(user);
    }

    /** Remembers {@code statement} as a fact about the user, verbatim. */
    public Fact add(String statement) {
        return memory.remember(user, statement, null);
    }

    /** Replaces a fact's statement; the old one stays in its history. */
    public Fact edit(long factId, String statement) {
        return memory.edit(user, factId, statement);
    }

    /**
     * Forgets a fact by id ({@code #12}, with the messages it came from), a summary ({@code s3}),
     * or the one fact or entity whose text contains {@code idOrText}; several matches remove nothing
     * and are returned.
     *
     * @throws IllegalArgumentException when nothing matches
     */
    public ForgetResult forget(String idOrText) {
        ForgetResult result = memory.forget(user, idOrText);
        // The messages the fact came from must not reach the model again from a live session's history.
        for (LiveSessions sessions : live) {
            sessions.forgetTurns(user, result.removedTurns());
        }
        return result;
    }

    /** The facts that best match {@code query}, best first. */
    public List<Fact> search(String query, int limit) {
        return memory.search(user, query, limit);
    }

    /** A fact's history ({@code #12}), oldest first. */
    public List<FactChange> history(String factId) {
        return memory.history(user, factId);
    }

    /** Everything stored about the user, as {@code engram memory export} writes it. */
    public MemoryExport export() {
        return memory.export(user);
    }

    /** Adds an export's memory to this user's. */
    public ImportCounts importMemory(MemoryExport data) {
        return memory.importMemory(user, data);
    }

    /**
     * Erases everything stored about the user (scrubbed from the database files) and drops their
     * live sessions, so that no earlier message is sent again; whether anything was stored.
     */
    public boolean erase() {
        boolean existed = memory.erase(user);
        for (LiveSessions sessions : live) {
            sessions.removeUser(user);
        }
        return existed;
    }
}
