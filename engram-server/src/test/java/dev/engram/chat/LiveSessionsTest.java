package dev.engram.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.extraction.MemoryUpdater;
import dev.engram.llm.fake.FakeReply;
import dev.engram.memory.Job;
import dev.engram.memory.UserId;
import dev.engram.testing.ChatFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The session lifecycle in the core, on a fake clock: idle sessions end with a summary job, the
 * capacity bound ends the least recently used session the same way, and a session that recorded
 * nothing ends without one.
 */
class LiveSessionsTest {
    private static final UserId ALICE = UserId.of("alice");
    private static final UserId BOB = UserId.of("bob");

    @TempDir
    Path dir;

    private ChatFixture f;

    @AfterEach
    void close() {
        if (f != null) {
            f.close();
        }
    }

    private List<String> summaryJobsFor(UserId user) {
        return f.jobs().stream().filter(j -> j.type().equals(MemoryUpdater.SUMMARIZE) && j.userId().equals(user))
                .map(Job::payload).toList();
    }

    @Test
    void endIdle_endsOnlySessionsIdlePastTheTimeout_andQueuesTheirSummary() {
        f = new ChatFixture(dir);
        LiveSessions sessions = new LiveSessions(f.chat, f.clock, Duration.ofMinutes(30), 100);
        f.fake.onChat(FakeReply.text("Hello Alice."), FakeReply.text("Hello Bob."));
        ChatSession alice = sessions.current(ALICE);
        f.chat.send(alice, "Hi, I'm Alice.", t -> { });
        f.clock.advance(Duration.ofMinutes(20));
        ChatSession bob = sessions.current(BOB);
        f.chat.send(bob, "Hi, I'm Bob.", t -> { });

        f.clock.advance(Duration.ofMinutes(11)); // alice idle 31 min, bob 11 min
        assertThat(sessions.endIdle()).isEqualTo(1);

        assertThat(summaryJobsFor(ALICE)).containsExactly(MemoryUpdater.summarizePayload(alice.id()));
        assertThat(summaryJobsFor(BOB)).isEmpty();
        assertThat(sessions.get(ALICE, alice.id())).isEmpty();
        assertThat(sessions.get(BOB, bob.id())).contains(bob);
        assertThat(sessions.endIdle()).isZero();
    }

    @Test
    void current_afterTheIdleTimeout_endsTheOldSession_andStartsANewOne() {
        f = new ChatFixture(dir);
        LiveSessions sessions = new LiveSessions(f.chat, f.clock, Duration.ofMinutes(30), 100);
        f.fake.onChat(FakeReply.text("Noted."));
        ChatSession first = sessions.current(ALICE);
        f.chat.send(first, "I like tea.", t -> { });

        f.clock.advance(Duration.ofMinutes(29));
        assertThat(sessions.current(ALICE)).isSameAs(first);
        f.clock.advance(Duration.ofMinutes(2));
        ChatSession second = sessions.current(ALICE);

        assertThat(second.id()).isNotEqualTo(first.id());
        assertThat(summaryJobsFor(ALICE)).containsExactly(MemoryUpdater.summarizePayload(first.id()));
    }

    @Test
    void overCapacity_theLeastRecentlyUsedSessionIsEndedWithItsSummary_notDroppedSilently() {
        f = new ChatFixture(dir);
        LiveSessions sessions = new LiveSessions(f.chat, f.clock, Duration.ofMinutes(30), 1);
        f.fake.onChat(FakeReply.text("Noted."));
        ChatSession alice = sessions.current(ALICE);
        f.chat.send(alice, "I like tea.", t -> { });

        sessions.current(BOB); // pushes alice's session out

        assertThat(sessions.size()).isEqualTo(1);
        assertThat(summaryJobsFor(ALICE)).containsExactly(MemoryUpdater.summarizePayload(alice.id()));
    }

    @Test
    void aSessionThatRecordedNothing_endsWithoutASummary() {
        f = new ChatFixture(dir);
        LiveSessions sessions = new LiveSessions(f.chat, f.clock, Duration.ofMinutes(30), 100);
        ChatSession alice = sessions.current(ALICE);
        alice.goIncognito();
        f.fake.onChat(FakeReply.text("I won't remember."));
        f.chat.send(alice, "Secret: I like tea.", t -> { });

        f.clock.advance(Duration.ofHours(1));
        assertThat(sessions.endIdle()).isEqualTo(1);
        assertThat(sessions.endUser(ALICE)).isZero();

        assertThat(summaryJobsFor(ALICE)).isEmpty();
        assertThat(f.store.turns(ALICE)).isEmpty();
    }
}
