package dev.engram.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.memory.Fact;
import dev.engram.memory.MemoryReader;
import dev.engram.memory.NewFact;
import dev.engram.memory.Provenance;
import dev.engram.memory.Revisions;
import dev.engram.memory.Role;
import dev.engram.memory.SessionId;
import dev.engram.memory.Turn;
import dev.engram.memory.UserId;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The read side that retrieval relies on ({@link MemoryReader}), for any store or fake: implement
 * the three writes with the implementation's own means and every test here runs against it. The
 * SQL stores run it through {@link AbstractMemoryStoreContractTest}; an in-memory fake runs it
 * directly.
 */
public interface MemoryReaderContract {
    /** The reader under test, fresh and empty. */
    MemoryReader reader();

    /** Appends a turn through the implementation's own writes. */
    Turn writeTurn(UserId user, SessionId session, Role role, String text, Instant at, float[] embedding);

    /** Adds a fact through the implementation's own writes. */
    Fact writeFact(UserId user, NewFact fact);

    /** Invalidates a fact through the implementation's own writes. */
    void invalidateFact(UserId user, long factId, Instant at);

    /**
     * Whether a turn write leaves the memory revision alone, so that indexes catch up with {@link
     * MemoryReader#turnsChangedSince} instead of reloading. A reader may instead count every write as
     * a memory change (then it is never asked what changed); say which, and the contract holds it to that.
     */
    default boolean turnsCatchUp() {
        return true;
    }

    private static UserId user(String id) {
        return UserId.of(id);
    }

    private static Instant at(int seconds) {
        return Instant.parse("2025-03-01T10:00:00Z").plusSeconds(seconds);
    }

    @Test
    default void reader_anUnknownUser_readsEmpty_atRevisionZero() {
        UserId nobody = user("nobody");
        assertThat(reader().turns(nobody)).isEmpty();
        assertThat(reader().facts(nobody, true)).isEmpty();
        assertThat(reader().summaries(nobody)).isEmpty();
        assertThat(reader().entities(nobody)).isEmpty();
        assertThat(reader().memoryFiles(nobody)).isEmpty();
        assertThat(reader().revision(nobody)).isZero();
    }

    @Test
    default void reader_turns_areTheUsersOwn_oldestFirst_withTheirEmbeddings() {
        SessionId s = new SessionId("s1");
        Turn first = writeTurn(user("ann"), s, Role.USER, "I moved to Leeds", at(0), new float[] {0.6f, 0.8f});
        writeTurn(user("bob"), s, Role.USER, "Bob's turn", at(1), null);
        Turn second = writeTurn(user("ann"), s, Role.ASSISTANT, "Welcome to Leeds", at(2), null);

        assertThat(reader().turns(user("ann"))).extracting(Turn::id).containsExactly(first.id(), second.id());
        assertThat(reader().turns(user("ann")).get(0).embedding()).containsExactly(0.6f, 0.8f);
        assertThat(reader().turns(user("bob"))).extracting(Turn::text).containsExactly("Bob's turn");
    }

    @Test
    default void reader_facts_leaveOutInvalidatedOnes_unlessAsked() {
        Fact leeds = writeFact(user("ann"), new NewFact("Lives in Leeds.", "location", Provenance.NONE, 1, at(0), null));
        Fact tea = writeFact(user("ann"), new NewFact("Likes tea.", null, Provenance.NONE, 1, at(1), null));
        writeFact(user("bob"), new NewFact("Likes chess.", null, Provenance.NONE, 1, at(1), null));

        invalidateFact(user("ann"), leeds.id(), at(5));

        assertThat(reader().facts(user("ann"), false)).extracting(Fact::id).containsExactly(tea.id());
        assertThat(reader().facts(user("ann"), true)).extracting(Fact::id).containsExactlyInAnyOrder(leeds.id(), tea.id());
        assertThat(reader().facts(user("bob"), false)).extracting(Fact::statement).containsExactly("Likes chess.");
    }

    @Test
    default void reader_revisions_growWithEveryWrite_andTheMemoryRevisionWithEveryFactWrite() {
        UserId ann = user("ann");
        Revisions before = reader().revisions(ann);
        writeTurn(ann, new SessionId("s1"), Role.USER, "hello", at(0), null);
        Revisions afterTurn = reader().revisions(ann);
        writeFact(ann, new NewFact("Likes tea.", null, Provenance.NONE, 1, at(1), null));
        Revisions afterFact = reader().revisions(ann);

        assertThat(afterTurn.all()).isGreaterThan(before.all());
        assertThat(afterFact.all()).isGreaterThan(afterTurn.all());
        assertThat(afterFact.memory()).isGreaterThan(afterTurn.memory());
        assertThat(reader().revision(ann)).isEqualTo(afterFact.all());
        assertThat(reader().revisions(user("bob")).all()).isZero();
    }

    @Test
    default void reader_whenOnlyTurnsChanged_turnsChangedSince_returnsExactlyTheNewTurns() {
        UserId ann = user("ann");
        SessionId s = new SessionId("s1");
        writeTurn(ann, s, Role.USER, "first", at(0), null);
        Revisions seen = reader().revisions(ann);
        Turn next = writeTurn(ann, s, Role.USER, "second", at(1), null);
        Revisions now = reader().revisions(ann);

        if (turnsCatchUp()) {
            assertThat(now.memory()).as("a turn write is not a memory change").isEqualTo(seen.memory());
            assertThat(reader().turnsChangedSince(ann, seen.all())).extracting(Turn::id).containsExactly(next.id());
            assertThat(reader().turnsChangedSince(ann, now.all())).isEmpty();
        } else {
            assertThat(now.memory()).as("every write is a memory change, so indexes reload").isGreaterThan(seen.memory());
        }
    }
}
