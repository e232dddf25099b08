package dev.engram.retrieval;

import dev.engram.memory.Fact;
import dev.engram.memory.MemoryReader;
import dev.engram.memory.NewFact;
import dev.engram.memory.Provenance;
import dev.engram.memory.Role;
import dev.engram.memory.SessionId;
import dev.engram.memory.Turn;
import dev.engram.memory.UserId;
import dev.engram.testkit.MemoryReaderContract;
import java.time.Instant;

/** The retrieval tests' in-memory fake, held to the same read-side contract as the SQL stores. */
class FakeMemoryReaderContractTest implements MemoryReaderContract {
    private final FakeMemoryReader fake = new FakeMemoryReader();

    @Override
    public MemoryReader reader() {
        return fake;
    }

    @Override
    public Turn writeTurn(UserId user, SessionId session, Role role, String text, Instant at, float[] embedding) {
        return fake.appendTurn(user, session, role, text, at, embedding);
    }

    @Override
    public Fact writeFact(UserId user, NewFact fact) {
        return fake.addFact(user, fact);
    }

    @Override
    public boolean turnsCatchUp() {
        return false;
    }

    @Override
    public void invalidateFact(UserId user, long factId, Instant at) {
        fake.invalidateFact(user, factId, at, Provenance.NONE);
    }
}
