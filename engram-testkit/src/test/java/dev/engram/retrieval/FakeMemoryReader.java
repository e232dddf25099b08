package dev.engram.retrieval;

import dev.engram.memory.Entity;
import dev.engram.memory.Fact;
import dev.engram.memory.MemoryFile;
import dev.engram.memory.MemoryReader;
import dev.engram.memory.NewFact;
import dev.engram.memory.Provenance;
import dev.engram.memory.Revisions;
import dev.engram.memory.Role;
import dev.engram.memory.SessionId;
import dev.engram.memory.Summary;
import dev.engram.memory.Turn;
import dev.engram.memory.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A small in-memory {@link MemoryReader} for retrieval tests, with the few writes they need (turns,
 * facts added and invalidated). It reports every write as a memory change, so indexes over it
 * always reload and never ask what changed ({@link #turnsChangedSince} is the one method it does
 * not serve); {@code FakeMemoryReaderContractTest} runs it through the same read-side contract as
 * the real stores, as a reader that does not catch up. Thread safe by synchronisation.
 */
public final class FakeMemoryReader implements MemoryReader {
    private final List<Turn> turns = new ArrayList<>();
    private final List<Fact> facts = new ArrayList<>();
    private final Map<UserId, Long> revisions = new HashMap<>();
    private long nextId = 1;
    private int turnReads;

    /** Appends a turn. */
    public synchronized Turn appendTurn(UserId user, SessionId session, Role role, String text, Instant at, float[] embedding) {
        Turn t = new Turn(nextId++, user, session, role, text, at, embedding);
        turns.add(t);
        bump(user);
        return t;
    }

    /** Adds a fact, valid from its {@code validFrom}. */
    public synchronized Fact addFact(UserId user, NewFact f) {
        Instant now = f.validFrom();
        Fact fact = new Fact(nextId++, user, f.statement(), f.key(), "user", f.source(), f.confidence(), now, now,
                f.validFrom(), null, f.embedding());
        facts.add(fact);
        bump(user);
        return fact;
    }

    /** Marks a fact no longer valid at {@code at}; empty if the user has no such fact. */
    public synchronized Optional<Fact> invalidateFact(UserId user, long factId, Instant at, Provenance source) {
        for (int i = 0; i < facts.size(); i++) {
            Fact f = facts.get(i);
            if (f.id() == factId && f.userId().equals(user)) {
                Fact gone = new Fact(f.id(), user, f.statement(), f.key(), f.subject(), f.source(), f.confidence(),
                        f.createdAt(), at, f.validFrom(), at, f.embedding());
                facts.set(i, gone);
                bump(user);
                return Optional.of(gone);
            }
        }
        return Optional.empty();
    }

    @Override
    public synchronized List<Turn> turns(UserId user) {
        turnReads++;
        return turns.stream().filter(t -> t.userId().equals(user)).toList();
    }

    /** How many times all turns of some user were read (index loads). */
    public synchronized int turnReads() {
        return turnReads;
    }

    @Override
    public synchronized List<Fact> facts(UserId user, boolean includeInvalid) {
        return facts.stream().filter(f -> f.userId().equals(user) && (includeInvalid || f.valid())).toList();
    }

    @Override
    public List<Summary> summaries(UserId user) {
        return List.of();
    }

    @Override
    public List<Entity> entities(UserId user) {
        return List.of();
    }

    @Override
    public List<MemoryFile> memoryFiles(UserId user) {
        return List.of();
    }

    /** Every write counts as a memory change. */
    @Override
    public synchronized Revisions revisions(UserId user) {
        long r = revision(user);
        return new Revisions(r, r);
    }

    /** Never asked: every write is a memory change here, so an index reloads instead of catching up. */
    @Override
    public List<Turn> turnsChangedSince(UserId user, long since) {
        throw new UnsupportedOperationException("this fake reports every write as a memory change, so indexes never"
                + " ask it which turns changed");
    }

    @Override
    public synchronized long revision(UserId user) {
        return revisions.getOrDefault(user, 0L);
    }

    private void bump(UserId user) {
        revisions.merge(user, 1L, Long::sum);
    }
}
