package dev.engram.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.extraction.MemoryUpdater;
import dev.engram.llm.LlmException;
import dev.engram.llm.fake.CapturedRequest;
import dev.engram.llm.fake.FakeReply;
import dev.engram.memory.Job;
import dev.engram.memory.NewFact;
import dev.engram.memory.Provenance;
import dev.engram.memory.Role;
import dev.engram.memory.SessionId;
import dev.engram.memory.Turn;
import dev.engram.memory.UserId;
import dev.engram.testing.ChatFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The turn pipeline on a real SQLite store, with the real SDK talking to the fake Messages server. */
class ChatServiceTest {
    private static final UserId ALICE = UserId.of("alice");
    private static final UserId BOB = UserId.of("bob");
    private static final int LIMIT = 200;

    @TempDir
    Path dir;
    private ChatFixture f;

    private ChatFixture fixture(Duration timeout) {
        f = new ChatFixture(dir, timeout, LIMIT);
        return f;
    }

    private ChatFixture fixture() {
        return fixture(Duration.ofSeconds(10));
    }

    @AfterEach
    void close() {
        if (f != null) {
            f.close();
        }
    }


    private List<String> turnTexts(UserId user) {
        return f.store.turns(user).stream().map(t -> t.role() + ": " + t.text()).toList();
    }

    @Test
    void send_emptyOrBlankMessage_isRefusedWithAClearMessage_andStoresNothing() {
        fixture();
        ChatSession session = f.chat.open(ALICE);
        for (String blank : Arrays.asList("", "   ", " \n\t ", null)) {
            assertThatThrownBy(() -> f.chat.send(session, blank, text -> { }))
                    .as("'%s'", blank).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
        }
        assertThat(f.store.turns(ALICE)).isEmpty();
        assertThat(f.jobs()).isEmpty();
        assertThat(f.fake.requests()).isEmpty();
        assertThat(session.recorded()).isFalse();
    }

    @Test
    void send_messageOverTheLimit_isRefusedNamingTheLimit_andStoresNothing() {
        fixture();
        ChatSession session = f.chat.open(ALICE);

        assertThatThrownBy(() -> f.chat.send(session, "x".repeat(LIMIT + 1), text -> { }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(String.valueOf(LIMIT + 1)).hasMessageContaining("limit is " + LIMIT);

        assertThat(f.store.turns(ALICE)).isEmpty();
        assertThat(f.fake.requests()).isEmpty();

        f.fake.onChat(FakeReply.text("Long indeed."));
        assertThat(f.chat.send(session, "y".repeat(LIMIT), text -> { }).reply()).isEqualTo("Long indeed.");
    }

    @Test
    void send_recordsBothTurns_queuesOneExtractionJob_andStreamsTheReply() {
        fixture();
        ChatSession session = f.chat.open(ALICE);
        f.fake.onChat(FakeReply.text("Nice to meet you, Alice!"));
        List<String> streamed = new ArrayList<>();

        TurnResult result = f.chat.send(session, "  Hi, I'm Alice.  ", streamed::add);

        assertThat(result.reply()).isEqualTo("Nice to meet you, Alice!");
        assertThat(String.join("", streamed)).isEqualTo("Nice to meet you, Alice!");
        List<Turn> turns = f.store.sessionTurns(ALICE, session.id());
        assertThat(turns).extracting(Turn::role).containsExactly(Role.USER, Role.ASSISTANT);
        assertThat(turns.get(0).text()).isEqualTo("Hi, I'm Alice.");
        assertThat(f.jobs()).singleElement().satisfies(job -> {
            assertThat(job.type()).isEqualTo(MemoryUpdater.EXTRACT);
            assertThat(job.payload()).isEqualTo(MemoryUpdater.extractPayload(session.id(), turns.get(0).id()));
        });
        assertThat(f.wakeUps).hasValue(1);
    }

    private record Failure(String label, Supplier<FakeReply> reply, String expected) {}

    @Test
    void send_modelFailure_givesAClearLlmException_keepsTheUsersMessage_andQueuesNoJob() {
        fixture();
        ChatSession session = f.chat.open(ALICE);
        List<Failure> failures = List.of(
                new Failure("429", FakeReply::rateLimited, "HTTP 429"),
                new Failure("500", () -> FakeReply.error(500, "api_error", "Internal server error"), "HTTP 500"),
                new Failure("529", FakeReply::overloaded, "HTTP 529"),
                new Failure("cut stream", () -> FakeReply.cutStream("I was about to"), "stream"));
        List<String> sent = new ArrayList<>();
        for (Failure failure : failures) {
            f.fake.onChat(failure.reply().get());
            String message = "Message while the model fails with " + failure.label();
            sent.add("USER: " + message);

            LlmException e = catchThrowableOfType(() -> f.chat.send(session, message, text -> { }), LlmException.class);

            assertThat(e).as(failure.label()).isNotNull();
            assertThat(e.getMessage()).as(failure.label()).contains(failure.expected()).doesNotContain("\n");
            assertThat(e.retriable()).as(failure.label()).isTrue();
            assertThat(turnTexts(ALICE)).as(failure.label()).containsExactlyElementsOf(sent);
        }
        assertThat(f.jobs()).isEmpty();
        assertThat(f.wakeUps).hasValue(0);
        assertThat(session.recorded()).as("the session has turns to summarize").isTrue();
    }

    @Test
    void send_modelTimeout_givesAClearLlmException_keepsTheUsersMessage_andQueuesNoJob() {
        fixture(Duration.ofMillis(500));
        ChatSession session = f.chat.open(ALICE);
        f.fake.onChat(FakeReply.delay(Duration.ofSeconds(20), FakeReply.text("Too late.")));

        LlmException e = catchThrowableOfType(() -> f.chat.send(session, "Are you there?", text -> { }), LlmException.class);

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("timed out");
        assertThat(turnTexts(ALICE)).containsExactly("USER: Are you there?");
        assertThat(f.jobs()).isEmpty();
    }

    @Test
    void send_afterAFailedTurn_sendsTheUnansweredMessageAlong_inAlternatingTurns() {
        fixture();
        ChatSession session = f.chat.open(ALICE);
        f.fake.onChat(FakeReply.overloaded(), FakeReply.text("Sorry about that. Hello!"));
        assertThatThrownBy(() -> f.chat.send(session, "Hello?", text -> { })).isInstanceOf(LlmException.class);

        f.chat.send(session, "Hello again?", text -> { });

        JsonNode messages = f.fake.chatRequests().get(1).body().path("messages");
        assertThat(messages).hasSize(1);
        assertThat(messages.get(0).toString()).contains("Hello?").contains("Hello again?");
        assertThat(f.jobs()).singleElement().satisfies(job -> assertThat(job.type()).isEqualTo(MemoryUpdater.EXTRACT));
    }

    @Test
    void incognitoSession_storesNoTurn_queuesNoJob_andEndsWithoutSummary() {
        fixture();
        ChatSession session = f.chat.open(ALICE);
        session.goIncognito();
        f.fake.onChat(FakeReply.text("Secret safe."), FakeReply.overloaded());

        assertThat(f.chat.send(session, "I'm planning a surprise party for Sam.", text -> { }).reply()).isEqualTo("Secret safe.");
        assertThatThrownBy(() -> f.chat.send(session, "Keep it quiet.", text -> { })).isInstanceOf(LlmException.class);
        f.chat.end(session);

        assertThat(f.store.turns(ALICE)).isEmpty();
        assertThat(f.jobs()).isEmpty();
        assertThat(f.wakeUps).hasValue(0);
    }

    @Test
    void end_ofRecordedSession_queuesOneSummaryJob_andOfEmptySessionNone() {
        fixture();
        ChatSession empty = f.chat.open(ALICE);
        f.chat.end(empty);
        assertThat(f.jobs()).isEmpty();

        ChatSession session = f.chat.open(ALICE);
        f.fake.onChat(FakeReply.text("Hello."));
        f.chat.send(session, "Hello.", text -> { });
        f.chat.end(session);

        List<Job> summaries = f.jobs().stream().filter(j -> j.type().equals(MemoryUpdater.SUMMARIZE)).toList();
        assertThat(summaries).singleElement()
                .satisfies(j -> assertThat(j.payload()).isEqualTo(MemoryUpdater.summarizePayload(session.id())));
    }

    @Test
    void chatRequest_hasInstructionsThenCachedMemoryBlockAsSystemBlocks_andCachesTheHistory() {
        fixture();
        f.store.addFact(ALICE, new NewFact("Works as a nurse in Leeds.", "job", Provenance.NONE, 1, Instant.parse("2025-01-01T00:00:00Z"), null));
        ChatSession session = f.chat.open(ALICE);
        f.fake.onChat(FakeReply.text("Hi Alice."), FakeReply.text("Still a nurse, I believe."));

        f.chat.send(session, "Hi there", text -> { });
        f.chat.send(session, "What is my job?", text -> { });

        for (CapturedRequest r : f.fake.chatRequests()) {
            JsonNode system = r.body().path("system");
            assertThat(system.isArray()).isTrue();
            assertThat(system).hasSize(2);
            assertThat(system.get(0).path("text").asText()).isEqualTo(ChatFixture.INSTRUCTIONS);
            String memory = system.get(1).path("text").asText();
            assertThat(memory).startsWith("<memory>").endsWith("</memory>").contains("Works as a nurse in Leeds.");
            assertThat(system.get(1).path("cache_control").path("type").asText()).isEqualTo("ephemeral");
            assertThat(r.body().path("model").asText()).isEqualTo(ChatFixture.MODEL);
            assertThat(r.streaming()).isTrue();
        }
        JsonNode second = f.fake.chatRequests().get(1).body().path("messages");
        assertThat(second).hasSize(3);
        assertThat(second.get(1).path("role").asText()).isEqualTo("assistant");
        assertThat(second.get(1).toString()).contains("Hi Alice.").contains("\"cache_control\"");
        assertThat(f.fake.chatRequests().get(1).lastUserText()).isEqualTo("What is my job?");
    }

    @Test
    void memoryOfOneUser_neverAppearsInAnotherUsersRequest() {
        fixture();
        Instant t = Instant.parse("2025-01-01T00:00:00Z");
        f.store.addFact(ALICE, new NewFact("Works as a nurse in Leeds.", "job", Provenance.NONE, 1, t, null));
        f.store.addFact(ALICE, new NewFact("Is allergic to peanuts.", null, Provenance.NONE, 1, t, null));
        f.store.upsertEntity(ALICE, "Priya", "person", "Alice's sister, moving to Berlin.", t, null);
        f.store.addSummary(ALICE, new SessionId("old"), "Alice talked about nursing in Leeds and peanuts.", t, null);
        f.store.appendTurn(ALICE, new SessionId("old"), Role.USER, "My nursing job in Leeds is tiring.", t, null, List.of());
        f.fake.onChat(FakeReply.text("Hello Bob."), FakeReply.text("Hello Alice."));

        f.chat.send(f.chat.open(BOB), "Do I work as a nurse in Leeds? Am I allergic to peanuts? Who is Priya?", text -> { });
        f.chat.send(f.chat.open(ALICE), "Do I work as a nurse in Leeds? Am I allergic to peanuts? Who is Priya?", text -> { });

        CapturedRequest bob = f.fake.chatRequests().get(0);
        assertThat(bob.body().path("system")).as("instructions only, no memory block").hasSize(1);
        assertThat(bob.systemText()).doesNotContain("Works as a nurse").doesNotContain("Berlin")
                .doesNotContain("Alice").doesNotContain("allergic").doesNotContain("tiring");
        CapturedRequest alice = f.fake.chatRequests().get(1);
        assertThat(alice.systemText()).contains("Works as a nurse in Leeds.").contains("Is allergic to peanuts.")
                .contains("Priya").contains("Alice talked about nursing");
    }

    @Test
    void memoryFor_rendersTheBlockTheTurnWouldCarry_withoutCallingTheModel_orStoringAnything() {
        fixture();
        f.memory.remember(ALICE, "Lives in Leeds.", null);

        MemoryBlock block = f.chat.memoryFor(ALICE, null, "Where do I live?");

        assertThat(block.text()).contains("Lives in Leeds.");
        assertThat(block.items()).extracting(MemoryCandidate::text).contains("Lives in Leeds.");
        assertThat(f.fake.requests()).isEmpty();
        assertThat(f.store.turns(ALICE)).isEmpty();

        // The chat turn is built from the same step: its system prompt carries the same block.
        f.fake.onChat(FakeReply.text("In Leeds."));
        f.chat.send(f.chat.open(ALICE), "Where do I live?", t -> { });
        assertThat(f.fake.chatRequests().get(0).systemText()).contains(block.text());
    }

    @Test
    void recordExchange_logsBothTurnsTogether_andQueuesOneExtraction_withoutCallingTheModel() {
        fixture();
        SessionId conversation = new SessionId("lc4j-1");

        List<Turn> stored = f.chat.recordExchange(ALICE, conversation, "  I moved to Leeds.  ", "Welcome to Leeds!");

        assertThat(stored).extracting(Turn::role, Turn::text).containsExactly(
                org.assertj.core.api.Assertions.tuple(Role.USER, "I moved to Leeds."),
                org.assertj.core.api.Assertions.tuple(Role.ASSISTANT, "Welcome to Leeds!"));
        assertThat(f.store.sessionTurns(ALICE, conversation)).hasSize(2);
        assertThat(f.jobs()).singleElement().satisfies(job ->
                assertThat(job.payload()).isEqualTo(MemoryUpdater.extractPayload(conversation, stored.get(0).id())));
        assertThat(f.wakeUps).hasValue(1);
        assertThat(f.fake.requests()).isEmpty();
    }

    @Test
    void recordExchange_emptyMessage_isRefused_andStoresNothing() {
        fixture();
        assertThatThrownBy(() -> f.chat.recordExchange(ALICE, new SessionId("c"), "  ", "reply"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
        assertThat(f.store.turns(ALICE)).isEmpty();
        assertThat(f.jobs()).isEmpty();
    }
}
