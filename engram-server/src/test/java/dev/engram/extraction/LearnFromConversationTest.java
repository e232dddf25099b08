package dev.engram.extraction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.curation.MemoryService;
import dev.engram.llm.anthropic.AnthropicLlmClient;
import dev.engram.llm.fake.FakeMessagesServer;
import dev.engram.llm.fake.FakeReply;
import dev.engram.memory.Attributes;
import dev.engram.memory.Fact;
import dev.engram.memory.FactChange;
import dev.engram.memory.Job;
import dev.engram.memory.MemoryStore;
import dev.engram.memory.NewTurn;
import dev.engram.memory.Provenance;
import dev.engram.memory.Role;
import dev.engram.memory.SessionId;
import dev.engram.memory.TokenCounter;
import dev.engram.memory.Turn;
import dev.engram.memory.UserId;
import dev.engram.store.StoreFactory;
import dev.engram.testkit.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link MemoryService#learnFrom} and the extraction jobs it queues, on a real SQLite store with the
 * real SDK talking to the fake Messages server: a conversation handed over whole (as mem0's add
 * does) is learned from the way a chat turn is, one exchange per user message.
 */
class LearnFromConversationTest {
    private static final UserId ALICE = UserId.of("alice");
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    private static final SessionId SESSION = new SessionId("add-1");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(T0);
    private FakeMessagesServer fake;
    private AnthropicLlmClient llm;
    private MemoryStore store;
    private MemoryService memory;
    private MemoryUpdater updater;

    @BeforeEach
    void setUp() {
        fake = FakeMessagesServer.started();
        llm = new AnthropicLlmClient("test-key", fake.baseUrl(), Duration.ofSeconds(10), 0);
        store = StoreFactory.open("jdbc:sqlite:" + dir.resolve("engram.db"), dir, clock);
        memory = new MemoryService(store, null, clock);
        updater = new MemoryUpdater(store, new FactExtractor(llm, "memory-model", "Extract memories."),
                new FactReviewer(llm, "memory-model"), new Consolidator(llm, "memory-model"),
                new Summarizer(llm, "memory-model"), new StoreRules(), (u, e) -> true, null, new TokenCounter(),
                new SummaryPolicy(3, 10_000), clock);
    }

    @AfterEach
    void tearDown() {
        store.close();
        llm.close();
        fake.close();
    }

    private static NewTurn user(String text) {
        return new NewTurn(Role.USER, text, T0);
    }

    private static NewTurn assistant(String text) {
        return new NewTurn(Role.ASSISTANT, text, T0);
    }

    private List<Job> pending() {
        return store.jobs().list(List.of(Job.Status.PENDING), 10);
    }

    private static String explicit(String statement) {
        return "{\"facts\":[{\"statement\":\"" + statement + "\",\"subject\":\"user\",\"kind\":\"fact\","
                + "\"certainty\":\"explicit\",\"durable\":true}],\"entities\":[]}";
    }

    /** The conversation text the extraction request showed the model. */
    private String extractionPrompt(int index) {
        return fake.toolRequests("record_memories").get(index).lastUserText();
    }

    @Test
    void aLoneUserMessage_isExtractedOnItsOwn_andTheFactGetsTheAttributes() {
        Attributes metadata = new Attributes("{\"source\":\"mem0\"}");

        List<Turn> turns = memory.learnFrom(ALICE, SESSION, List.of(user("I like cricket")), metadata);
        fake.onTool("record_memories", FakeReply.toolUse("record_memories", explicit("Likes cricket.")));
        String outcome = updater.extract(ALICE, pending().get(0).payload());

        assertThat(outcome).startsWith("1 fact change(s)");
        assertThat(extractionPrompt(0)).endsWith("USER: I like cricket\n").doesNotContain("ASSISTANT:");
        Fact fact = store.facts(ALICE, false).get(0);
        assertThat(fact.statement()).isEqualTo("Likes cricket.");
        assertThat(fact.attributes()).isEqualTo(metadata);
        assertThat(fact.source()).isEqualTo(new Provenance(SESSION, turns.get(0).id()));
    }

    @Test
    void eachUserMessage_getsOneJob_spanningTheRepliesAfterIt_withEarlierLinesAsContext() throws Exception {
        List<Turn> turns = memory.learnFrom(ALICE, SESSION, List.of(assistant("What do you like?"), user("Cricket"),
                assistant("Nice."), assistant("Anything else?"), user("Tea"), user("And I live in Leeds")), Attributes.NONE);

        List<Job> jobs = pending();
        assertThat(jobs).extracting(Job::type).containsOnly(MemoryUpdater.EXTRACT);
        assertThat(jobs).extracting(j -> JSON.readTree(j.payload()).path("userTurn").asLong() + "-"
                + JSON.readTree(j.payload()).path("lastTurn").asLong())
                .containsExactly(turns.get(1).id() + "-" + turns.get(3).id(), turns.get(4).id() + "-" + turns.get(4).id(),
                        turns.get(5).id() + "-" + turns.get(5).id());
        fake.onTool("record_memories", FakeReply.toolUse("record_memories", "{\"facts\":[],\"entities\":[]}"),
                FakeReply.toolUse("record_memories", "{\"facts\":[],\"entities\":[]}"));

        updater.extract(ALICE, jobs.get(0).payload());
        updater.extract(ALICE, jobs.get(1).payload());

        assertThat(extractionPrompt(0)).endsWith("ASSISTANT: What do you like?\nUSER: Cricket\nASSISTANT: Nice.\n"
                + "ASSISTANT: Anything else?\n");
        assertThat(extractionPrompt(1)).endsWith("USER: Cricket\nASSISTANT: Nice.\nASSISTANT: Anything else?\nUSER: Tea\n");
    }

    @Test
    void aConversationWithoutAUserMessageOrWithAnEmptyOrUnstorableOne_storesNothing() {
        assertThatThrownBy(() -> memory.learnFrom(ALICE, SESSION, List.of(assistant("Hello")), Attributes.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("there is no user message");
        assertThatThrownBy(() -> memory.learnFrom(ALICE, SESSION, List.of(user("ok"), user("  ")), Attributes.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("message 1 is empty");
        assertThatThrownBy(() -> memory.learnFrom(ALICE, SESSION, List.of(user("a\u0000b")), Attributes.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("message 0 contains a NUL character");

        assertThat(store.turns(ALICE)).isEmpty();
        assertThat(store.jobs().outstanding()).isZero();
    }

    @Test
    void anExchangeErasedBeforeItsJobRan_isNothingToDo() {
        memory.learnFrom(ALICE, SESSION, List.of(user("I like cricket")), Attributes.NONE);
        String payload = pending().get(0).payload();
        memory.erase(ALICE);

        assertThat(updater.extract(ALICE, payload)).contains("no longer exists");
        assertThat(fake.toolRequests("record_memories")).isEmpty();
    }

    @Test
    void revise_changesTextAndAttributesTogether_andNeedsOneOfThem() {
        Fact fact = memory.remember(ALICE, "Likes cricket.", null, new Attributes("{\"a\":1}"));

        Fact revised = memory.revise(ALICE, fact.id(), " Loves cricket. ", new Attributes("{\"b\":2}"));

        assertThat(revised.statement()).isEqualTo("Loves cricket.");
        assertThat(revised.attributes()).isEqualTo(new Attributes("{\"b\":2}"));
        assertThat(memory.history(ALICE, "#" + fact.id())).extracting(FactChange::kind)
                .containsExactly(FactChange.Kind.ADDED, FactChange.Kind.EDITED);
        assertThatThrownBy(() -> memory.revise(ALICE, fact.id(), null, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("say what to change");
        assertThatThrownBy(() -> memory.revise(ALICE, fact.id() + 99, "x", null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("there is no fact #" + (fact.id() + 99));
    }
}
