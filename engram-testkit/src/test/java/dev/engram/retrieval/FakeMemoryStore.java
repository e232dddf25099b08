package dev.engram.retrieval;

import dev.engram.memory.Entity;
import dev.engram.memory.Fact;
import dev.engram.memory.FactChange;
import dev.engram.memory.ForgottenFact;
import dev.engram.memory.JobQueue;
import dev.engram.memory.MemoryExport;
import dev.engram.memory.MemoryFile;
import dev.engram.memory.MemoryFilePath;
import dev.engram.memory.MemoryFileStore;
import dev.engram.memory.MemoryStore;
import dev.engram.memory.NewFact;
import dev.engram.memory.NewJob;
import dev.engram.memory.Provenance;
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
 * A small in-memory {@link MemoryStore} for tests: turns, facts (add and invalidate) and the
 * revision counter; everything else is unsupported. Thread safe by synchronisation.
 */
public final class FakeMemoryStore implements MemoryStore {
    private final List<Turn> turns = new ArrayList<>();
    private final List<Fact> facts = new ArrayList<>();
    private final Map<UserId, Long> revisions = new HashMap<>();
    private long nextId = 1;
    private int turnReads;

    @Override
    public synchronized Turn appendTurn(UserId user, SessionId session, Role role, String text, Instant at,
                                        float[] embedding, List<NewJob> jobs) {
        Turn t = new Turn(nextId++, user, session, role, text, at, embedding);
        turns.add(t);
        bump(user);
        return t;
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
    public synchronized List<Turn> sessionTurns(UserId user, SessionId session) {
        return turns.stream().filter(t -> t.userId().equals(user) && t.sessionId().equals(session)).toList();
    }

    @Override
    public synchronized Fact addFact(UserId user, NewFact f) {
        Instant now = f.validFrom();
        Fact fact = new Fact(nextId++, user, f.statement(), f.key(), "user", f.source(), f.confidence(), now, now,
                f.validFrom(), null, f.embedding());
        facts.add(fact);
        bump(user);
        return fact;
    }

    @Override
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

    /** Reports every write as a memory change, so indexes over this fake always reload (never catch up). */
    @Override
    public dev.engram.memory.Revisions revisions(UserId user) {
        long r = revision(user);
        return new dev.engram.memory.Revisions(r, r);
    }

    @Override
    public List<Turn> turnsChangedSince(UserId user, long since) {
        throw new UnsupportedOperationException("never needed: this fake reports every write as a memory change");
    }

    @Override
    public synchronized long revision(UserId user) {
        return revisions.getOrDefault(user, 0L);
    }

    private void bump(UserId user) {
        revisions.merge(user, 1L, Long::sum);
    }

    @Override
    public void close() {}

    @Override
    public void setTurnEmbedding(UserId user, long turnId, float[] embedding) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<Fact> updateFact(UserId user, long factId, String statement, String key, float[] embedding,
                                     FactChange.Kind kind, Provenance source, Instant at) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<Turn> appendTurns(UserId user, SessionId session, List<dev.engram.memory.NewTurn> turns,
                                  java.util.function.Function<List<Turn>, List<NewJob>> jobs) {
        throw new UnsupportedOperationException("the retrieval tests append one turn at a time");
    }

    @Override
    public Optional<Fact> editFact(UserId user, long factId, String statement, float[] embedding,
                                   dev.engram.memory.Attributes attributes, Instant at) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<ForgottenFact> forgetFact(UserId user, long factId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean deleteSummary(UserId user, long summaryId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<Fact> fact(UserId user, long factId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<FactChange> factHistory(UserId user, long factId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Summary addSummary(UserId user, SessionId session, String text, Instant at, float[] embedding) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Summary foldSummaries(UserId user, List<Long> foldedIds, String longTermText, Instant at, float[] embedding) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Entity upsertEntity(UserId user, String name, String type, String note, Instant at, float[] embedding) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean deleteEntity(UserId user, long entityId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public MemoryExport export(UserId user, Instant now) {
        throw new UnsupportedOperationException();
    }

    @Override
    public dev.engram.memory.ImportCounts importMemory(UserId user, MemoryExport data,
                                                       java.util.function.Function<String, float[]> embeddingOf) {
        throw new UnsupportedOperationException("the retrieval tests never import");
    }

    @Override
    public String pinEmbeddingModel(String model) {
        return model;
    }

    @Override
    public boolean erase(UserId user) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<UserId> users() {
        throw new UnsupportedOperationException();
    }

    @Override
    public JobQueue jobs() {
        throw new UnsupportedOperationException();
    }

    /** Memory files the index reads: none; the retrieval tests write none. */
    @Override
    public MemoryFileStore files() {
        return new MemoryFileStore() {
            @Override
            public List<MemoryFile> files(UserId user) {
                return List.of();
            }

            @Override
            public Optional<MemoryFile> file(UserId user, MemoryFilePath path) {
                return Optional.empty();
            }

            @Override
            public Optional<MemoryFile> create(UserId user, MemoryFilePath path, String content, float[] embedding) {
                throw new UnsupportedOperationException("the retrieval tests write no memory files");
            }

            @Override
            public Optional<MemoryFile> replace(UserId user, MemoryFilePath path, long version, String content, float[] embedding) {
                throw new UnsupportedOperationException("the retrieval tests write no memory files");
            }

            @Override
            public int delete(UserId user, MemoryFilePath path) {
                throw new UnsupportedOperationException("the retrieval tests write no memory files");
            }

            @Override
            public int rename(UserId user, MemoryFilePath from, MemoryFilePath to) {
                throw new UnsupportedOperationException("the retrieval tests write no memory files");
            }
        };
    }
}
