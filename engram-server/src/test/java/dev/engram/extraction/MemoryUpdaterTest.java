package dev.engram.extraction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.engram.llm.LlmException;
import dev.engram.llm.MalformedOutputException;
import dev.engram.llm.anthropic.AnthropicLlmClient;
import dev.engram.llm.fake.CapturedRequest;
import dev.engram.llm.fake.FakeMessagesServer;
import dev.engram.llm.fake.FakeReply;
import dev.engram.memory.Fact;
import dev.engram.memory.FactChange;
import dev.engram.memory.MemoryStore;
import dev.engram.memory.NewFact;
import dev.engram.memory.Provenance;
import dev.engram.memory.Role;
import dev.engram.memory.SessionId;
import dev.engram.memory.Summary;
import dev.engram.memory.TokenCounter;
import dev.engram.memory.UserId;
import dev.engram.store.StoreFactory;
import dev.engram.testkit.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The background memory work on a real SQLite store, with the real SDK talking to the fake Messages
 * server as the memory model: the store/skip rules, review, consolidation and summaries.
 */
class MemoryUpdaterTest {
    private static final UserId ALICE = UserId.of("alice");
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    private static final String EMPTY = "{\"facts\":[],\"entities\":[]}";

    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(T0);
    private FakeMessagesServer fake;
    private AnthropicLlmClient llm;
    private MemoryStore store;
    private BiPredicate<String, float[]> gate = (user, embedding) -> true;

    @BeforeEach
    void setUp() {
        fake = FakeMessagesServer.started();
        llm = new AnthropicLlmClient("test-key", fake.baseUrl(), Duration.ofSeconds(10), 0);
        store = StoreFactory.open("jdbc:sqlite:" + dir.resolve("engram.db"), dir, clock);
    }

    @AfterEach
    void tearDown() {
        store.close();
        llm.close();
        fake.close();
    }

    private MemoryUpdater updater(SummaryPolicy policy) {
        return new MemoryUpdater(store, new FactExtractor(llm, "memory-model", "Extract memories."),
                new FactReviewer(llm, "memory-model"), new Consolidator(llm, "memory-model"),
                new Summarizer(llm, "memory-model"), new StoreRules(), (u, r) -> gate.test(u, r), null,
                new TokenCounter(), policy, clock);
    }

    private MemoryUpdater updater() {
        return updater(new SummaryPolicy(3, 10_000));
    }

    /** Stores one exchange of the session and returns the user turn's id. */
    private long exchange(SessionId session, String userText, String reply) {
        clock.advance(Duration.ofMinutes(1));
        long id = store.appendTurn(ALICE, session, Role.USER, userText, clock.instant(), null, List.of()).id();
        store.appendTurn(ALICE, session, Role.ASSISTANT, reply, clock.instant(), null, List.of());
        return id;
    }

    private String extract(SessionId session, long userTurn) {
        return updater().extract(ALICE, MemoryUpdater.extractPayload(session, userTurn));
    }

    private void scriptExtraction(String json) {
        fake.onTool("record_memories", FakeReply.toolUse("record_memories", json));
    }

    private static String fact(String statement, String subject, String key, String certainty, boolean durable) {
        return "{\"statement\":\"" + statement + "\",\"subject\":\"" + subject + "\""
                + (key == null ? "" : ",\"key\":\"" + key + "\"")
                + ",\"kind\":\"fact\",\"certainty\":\"" + certainty + "\",\"durable\":" + durable + "}";
    }

    private static String facts(String... facts) {
        return "{\"facts\":[" + String.join(",", facts) + "],\"entities\":[]}";
    }

    private List<String> statements(boolean includeInvalid) {
        return store.facts(ALICE, includeInvalid).stream().map(Fact::statement).toList();
    }

    /** Stores a fact through a first extraction, as the product would. */
    private Fact learn(SessionId session, String statement, String key) {
        long turn = exchange(session, "By the way: " + statement, "Noted.");
        scriptExtraction(facts(fact(statement, "user", key, "explicit", true)));
        extract(session, turn);
        return store.facts(ALICE, false).stream().filter(f -> f.statement().equals(statement)).findFirst().orElseThrow();
    }

    /** Everything stored about Alice that a failed job must leave as it was. */
    private String snapshot() {
        StringBuilder b = new StringBuilder();
        for (Fact f : store.facts(ALICE, true)) {
            b.append(f.id()).append('|').append(f.statement()).append('|').append(f.key()).append('|')
                    .append(f.invalidAt()).append('|').append(store.factHistory(ALICE, f.id()).size()).append('\n');
        }
        store.summaries(ALICE).forEach(s -> b.append(s.id()).append('|').append(s.text()).append('\n'));
        store.entities(ALICE).forEach(e -> b.append(e.name()).append('|').append(e.notes()).append('\n'));
        return b.toString();
    }

    @Test
    void extract_explicitDurableUserFact_isStoredWithKeyAndSource() {
        SessionId session = new SessionId("s1");
        long turn = exchange(session, "I work as a nurse in Leeds.", "Nice!");
        scriptExtraction(facts(fact("Works as a nurse in Leeds.", "user", "Job", "explicit", true)));

        extract(session, turn);

        List<Fact> stored = store.facts(ALICE, false);
        assertThat(stored).singleElement().satisfies(f -> {
            assertThat(f.statement()).isEqualTo("Works as a nurse in Leeds.");
            assertThat(f.key()).isEqualTo("job");
            assertThat(f.subject()).isEqualTo("user");
            assertThat(f.source()).isEqualTo(new Provenance(session, turn));
        });
        assertThat(fake.toolRequests("record_memories").get(0).lastUserText())
                .contains("USER: I work as a nurse in Leeds.").contains("ASSISTANT: Nice!");
        assertThat(fake.toolRequests("review_facts")).isEmpty();
        assertThat(fake.toolRequests("consolidate_facts")).as("nothing known yet, nothing to consolidate").isEmpty();
    }

    @Test
    void extract_volatileFact_isSkipped() {
        SessionId session = new SessionId("s1");
        long turn = exchange(session, "I'm exhausted today and had soup for lunch.", "Rest well.");
        scriptExtraction(facts(fact("Is exhausted today.", "user", "mood", "explicit", false),
                fact("Had soup for lunch.", "user", null, "explicit", false)));

        extract(session, turn);

        assertThat(store.facts(ALICE, true)).isEmpty();
        assertThat(fake.toolRequests("review_facts")).isEmpty();
    }

    @Test
    void extract_factAboutAnotherPerson_becomesEntityNote_neverUserFact() {
        SessionId session = new SessionId("s1");
        long turn = exchange(session, "My sister Priya is moving to Berlin.", "Big move!");
        scriptExtraction("{\"facts\":[" + fact("Is moving to Berlin.", "Priya", "location", "explicit", true)
                + "],\"entities\":[{\"name\":\"Priya\",\"type\":\"person\",\"note\":\"Alice's sister.\"}]}");

        extract(session, turn);

        assertThat(store.facts(ALICE, true)).isEmpty();
        assertThat(store.entities(ALICE)).singleElement().satisfies(e -> {
            assertThat(e.name()).isEqualTo("Priya");
            assertThat(e.notes()).contains("Alice's sister.").contains("Is moving to Berlin.");
        });
    }

    @Test
    void extract_inferredAndUncertainCandidates_areReviewed_andOnlyTwoYesesAreStored() {
        SessionId session = new SessionId("s1");
        long turn = exchange(session, "I've been doing night shifts at the ward for years, I might move to York.", "Hm.");
        scriptExtraction(facts(
                fact("Works night shifts at a hospital ward.", "user", null, "inferred", true),
                fact("Might move to York.", "user", "location", "uncertain", true),
                fact("Likes the ward.", "user", null, "inferred", true),
                fact("Speaks English.", "user", null, "inferred", true),
                fact("Works in healthcare.", "user", "field", "explicit", true)));
        fake.onTool("review_facts", FakeReply.toolUse("review_facts", "{\"verdicts\":["
                + "{\"index\":1,\"about_user\":true,\"lasting\":true},"
                + "{\"index\":2,\"about_user\":true,\"lasting\":false},"
                + "{\"index\":3,\"about_user\":false,\"lasting\":true}]}"));

        extract(session, turn);

        assertThat(statements(true)).containsExactlyInAnyOrder("Works in healthcare.", "Works night shifts at a hospital ward.");
        String reviewPrompt = fake.toolRequests("review_facts").get(0).lastUserText();
        assertThat(reviewPrompt).contains("1. Works night shifts at a hospital ward.").contains("2. Might move to York.")
                .contains("3. Likes the ward.").contains("4. Speaks English.")
                .as("explicit facts are not reviewed").doesNotContain("Works in healthcare.");
    }

    @Test
    void extract_sameKeyAsKnownFact_update_replacesStatementAndKeepsOldOneInHistoryWithSource() {
        Fact nurse = learn(new SessionId("s1"), "Works as a nurse in Leeds.", "job");
        SessionId s2 = new SessionId("s2");
        long turn = exchange(s2, "I started a new job as a midwife!", "Congratulations!");
        scriptExtraction(facts(fact("Works as a midwife.", "user", "job", "explicit", true)));
        fake.onTool("consolidate_facts", FakeReply.toolUse("consolidate_facts",
                "{\"decisions\":[{\"candidate\":1,\"action\":\"UPDATE\",\"known\":1,\"statement\":\"Works as a midwife in Leeds.\"}]}"));

        extract(s2, turn);

        assertThat(store.facts(ALICE, true)).singleElement().satisfies(f -> {
            assertThat(f.id()).isEqualTo(nurse.id());
            assertThat(f.statement()).isEqualTo("Works as a midwife in Leeds.");
            assertThat(f.key()).isEqualTo("job");
            assertThat(f.valid()).isTrue();
        });
        List<FactChange> history = store.factHistory(ALICE, nurse.id());
        assertThat(history).extracting(FactChange::kind).containsExactly(FactChange.Kind.ADDED, FactChange.Kind.UPDATED);
        FactChange update = history.get(1);
        assertThat(update.before()).isEqualTo("Works as a nurse in Leeds.");
        assertThat(update.after()).isEqualTo("Works as a midwife in Leeds.");
        assertThat(update.source()).isEqualTo(new Provenance(s2, turn));
    }

    @Test
    void extract_contradiction_invalidate_keepsOldFactWithInvalidAt_andAddsTheNewOne() {
        Fact leeds = learn(new SessionId("s1"), "Lives in Leeds.", "location");
        SessionId s2 = new SessionId("s2");
        long turn = exchange(s2, "We moved to Berlin last week.", "Exciting!");
        Instant turnTime = store.sessionTurns(ALICE, s2).get(0).at();
        scriptExtraction(facts(fact("Lives in Berlin.", "user", "location", "explicit", true)));
        fake.onTool("consolidate_facts", FakeReply.toolUse("consolidate_facts",
                "{\"decisions\":[{\"candidate\":1,\"action\":\"INVALIDATE\",\"known\":1}]}"));

        extract(s2, turn);

        assertThat(statements(false)).containsExactly("Lives in Berlin.");
        Fact old = store.fact(ALICE, leeds.id()).orElseThrow();
        assertThat(old.statement()).isEqualTo("Lives in Leeds.");
        assertThat(old.invalidAt()).isEqualTo(turnTime);
        assertThat(store.factHistory(ALICE, leeds.id())).extracting(FactChange::kind)
                .containsExactly(FactChange.Kind.ADDED, FactChange.Kind.INVALIDATED);
        assertThat(store.factHistory(ALICE, leeds.id()).get(1).source()).isEqualTo(new Provenance(s2, turn));
        assertThat(statements(true)).containsExactlyInAnyOrder("Lives in Leeds.", "Lives in Berlin.");
    }

    @Test
    void extract_exactRepeatOrModelNoop_addsNothing() {
        learn(new SessionId("s1"), "Works as a nurse in Leeds.", "job");
        SessionId s2 = new SessionId("s2");

        long repeat = exchange(s2, "As I said, I work as a nurse in Leeds.", "I remember.");
        scriptExtraction(facts(fact("Works as a nurse in Leeds.", "user", "job", "explicit", true),
                fact("works as a NURSE in Leeds", "user", "job", "explicit", true)));
        extract(s2, repeat);
        assertThat(fake.toolRequests("consolidate_facts")).as("an exact repeat needs no model call").isEmpty();

        long noop = exchange(s2, "Nursing is my job.", "Yes.");
        scriptExtraction(facts(fact("Is a nurse.", "user", "job", "explicit", true)));
        fake.onTool("consolidate_facts", FakeReply.toolUse("consolidate_facts",
                "{\"decisions\":[{\"candidate\":1,\"action\":\"NOOP\",\"known\":0}]}"));
        extract(s2, noop);

        assertThat(statements(true)).containsExactly("Works as a nurse in Leeds.");
        Fact f = store.facts(ALICE, true).get(0);
        assertThat(store.factHistory(ALICE, f.id())).hasSize(1);
    }

    @Test
    void extract_twoEqualNewCandidatesInOneExchange_storeOneFact() {
        SessionId session = new SessionId("s1");
        long turn = exchange(session, "I'm vegetarian. Yes, fully vegetarian.", "Noted.");
        scriptExtraction(facts(fact("Is vegetarian.", "user", "diet", "explicit", true),
                fact("Is vegetarian.", "user", "diet", "explicit", true)));

        extract(session, turn);

        assertThat(statements(true)).containsExactly("Is vegetarian.");
    }

    @Test
    void consolidationPrompt_numbersKnownFactsFromOne_neverShowsStoreIds() {
        for (int i = 0; i < 120; i++) {
            store.addFact(ALICE, new NewFact("Filler note " + i + " on topic q" + i + "z.", null, Provenance.NONE, 1, T0, null));
        }
        Fact nurse = store.addFact(ALICE, new NewFact("Works as a nurse in Leeds.", "job", Provenance.NONE, 1, T0, null));
        assertThat(nurse.id()).isGreaterThan(100);
        SessionId session = new SessionId("s1");
        long turn = exchange(session, "I'm a midwife now.", "Congratulations!");
        scriptExtraction(facts(fact("Works as a midwife.", "user", "job", "explicit", true)));
        fake.onTool("consolidate_facts", FakeReply.toolUse("consolidate_facts",
                "{\"decisions\":[{\"candidate\":1,\"action\":\"UPDATE\",\"known\":1,\"statement\":\"Works as a midwife in Leeds.\"}]}"));

        extract(session, turn);

        String prompt = fake.toolRequests("consolidate_facts").get(0).lastUserText();
        assertThat(prompt).contains("1. Works as a nurse in Leeds.").doesNotContain(String.valueOf(nurse.id()))
                .doesNotContain("Filler");
        assertThat(store.fact(ALICE, nurse.id()).orElseThrow().statement()).isEqualTo("Works as a midwife in Leeds.");
        assertThat(store.facts(ALICE, true)).hasSize(121);
    }

    @Test
    void consolidation_namingAKnownFactThatWasNotShown_throwsAndChangesNothing() {
        learn(new SessionId("s1"), "Works as a nurse in Leeds.", "job");
        String before = snapshot();
        SessionId s2 = new SessionId("s2");
        long turn = exchange(s2, "I'm a midwife now.", "Congratulations!");
        scriptExtraction(facts(fact("Works as a midwife.", "user", "job", "explicit", true)));
        fake.onTool("consolidate_facts", FakeReply.toolUse("consolidate_facts",
                "{\"decisions\":[{\"candidate\":1,\"action\":\"UPDATE\",\"known\":7,\"statement\":\"x\"}]}"));

        assertThatThrownBy(() -> extract(s2, turn)).isInstanceOf(MalformedOutputException.class).hasMessageContaining("7");
        assertThat(snapshot()).isEqualTo(before);
    }

    /** Each broken answer of the memory model, with the step it breaks. */
    private record Broken(String label, String tool, FakeReply reply) {}

    private static List<Broken> brokenExtractions() {
        String tool = "record_memories";
        return List.of(
                new Broken("empty object", tool, FakeReply.toolUse(tool, "{}")),
                new Broken("empty input", tool, FakeReply.toolUse(tool, "")),
                new Broken("missing facts", tool, FakeReply.toolUse(tool, "{\"entities\":[]}")),
                new Broken("facts not a list", tool, FakeReply.toolUse(tool, "{\"facts\":\"none\",\"entities\":[]}")),
                new Broken("statement not a string", tool, FakeReply.toolUse(tool,
                        "{\"facts\":[{\"statement\":5,\"subject\":\"user\",\"certainty\":\"explicit\",\"durable\":true}],\"entities\":[]}")),
                new Broken("durable not a boolean", tool, FakeReply.toolUse(tool,
                        "{\"facts\":[{\"statement\":\"Likes tea.\",\"subject\":\"user\",\"certainty\":\"explicit\",\"durable\":\"yes\"}],\"entities\":[]}")),
                new Broken("unknown certainty", tool, FakeReply.toolUse(tool,
                        "{\"facts\":[{\"statement\":\"Likes tea.\",\"subject\":\"user\",\"certainty\":\"sure\",\"durable\":true}],\"entities\":[]}")),
                new Broken("broken JSON", tool, FakeReply.toolUse(tool, "{\"facts\":[")),
                new Broken("no tool call", tool, FakeReply.text("I found nothing worth remembering.")),
                new Broken("HTTP 500", tool, FakeReply.error(500, "api_error", "Internal server error")),
                new Broken("HTTP 529", tool, FakeReply.overloaded()));
    }

    @Test
    void extract_brokenOrFailedModelAnswer_throws_andLeavesStoredMemoryAsItWas() {
        learn(new SessionId("s1"), "Works as a nurse in Leeds.", "job");
        store.upsertEntity(ALICE, "Priya", "person", "Alice's sister.", T0, null);
        String before = snapshot();
        SessionId s2 = new SessionId("s2");
        List<String> notThrown = new ArrayList<>();
        for (Broken b : brokenExtractions()) {
            long turn = exchange(s2, "I'm a midwife now and I like tea.", "Great!");
            fake.onTool(b.tool(), b.reply());
            try {
                extract(s2, turn);
                notThrown.add(b.label());
            } catch (LlmException expected) {
                assertThat(expected.getMessage()).as(b.label()).isNotBlank();
            }
            assertThat(snapshot()).as(b.label()).isEqualTo(before);
        }
        assertThat(notThrown).as("broken answers read as 'no facts'").isEmpty();
    }

    @Test
    void extract_brokenReviewOrConsolidation_throws_andStoresNoneOfTheExchangesFacts() {
        learn(new SessionId("s1"), "Works as a nurse in Leeds.", "job");
        String before = snapshot();
        SessionId s2 = new SessionId("s2");
        String twoCandidates = facts(fact("Has a cat called Tom.", "user", "pet", "explicit", true),
                fact("Probably enjoys gardening.", "user", null, "inferred", true));
        List<Broken> broken = List.of(
                new Broken("review without verdicts", "review_facts", FakeReply.toolUse("review_facts", "{}")),
                new Broken("review index not a number", "review_facts", FakeReply.toolUse("review_facts",
                        "{\"verdicts\":[{\"index\":\"one\",\"about_user\":true,\"lasting\":true}]}")),
                new Broken("review 429", "review_facts", FakeReply.rateLimited()));
        for (Broken b : broken) {
            long turn = exchange(s2, "I have a cat called Tom and I spend weekends in the garden.", "Lovely.");
            scriptExtraction(twoCandidates);
            fake.onTool(b.tool(), b.reply());
            assertThatThrownBy(() -> extract(s2, turn)).as(b.label()).isInstanceOf(LlmException.class);
            assertThat(snapshot()).as(b.label()).isEqualTo(before);
        }

        for (FakeReply reply : List.of(FakeReply.toolUse("consolidate_facts", "{\"decisions\":[]}"),
                FakeReply.toolUse("consolidate_facts", "{\"decisions\":[{\"candidate\":1,\"action\":\"MERGE\",\"known\":1}]}"),
                FakeReply.error(500, "api_error", "boom"))) {
            long turn = exchange(s2, "I'm a midwife now.", "Congratulations!");
            scriptExtraction(facts(fact("Works as a midwife.", "user", "job", "explicit", true),
                    fact("Has a cat called Tom.", "user", "pet", "explicit", true)));
            fake.onTool("consolidate_facts", reply);
            assertThatThrownBy(() -> extract(s2, turn)).as(reply.toString()).isInstanceOf(LlmException.class);
            assertThat(snapshot()).as(reply.toString()).isEqualTo(before);
        }
    }

    @Test
    void extract_turnClosedByGate_makesNoModelCall() {
        gate = (user, embedding) -> false;
        SessionId session = new SessionId("s1");
        long turn = exchange(session, "Wow, thanks!", "You're welcome.");

        extract(session, turn);

        assertThat(fake.requests()).isEmpty();
        assertThat(store.facts(ALICE, true)).isEmpty();
    }

    @Test
    void extract_ofErasedTurn_doesNothing() {
        SessionId session = new SessionId("s1");
        long turn = exchange(session, "I work as a nurse.", "Nice.");
        store.erase(ALICE);

        extract(session, turn);

        assertThat(fake.requests()).isEmpty();
    }

    private static FakeReply summary(String text) {
        return FakeReply.toolUse("record_session_summary", "{\"summary\":\"" + text + "\"}");
    }

    @Test
    void summarize_writesOneSummaryPerSession_andIsIdempotentOnRerun() {
        SessionId session = new SessionId("s1");
        exchange(session, "I work as a nurse in Leeds.", "Nice.");
        exchange(session, "My sister is moving to Berlin.", "Big move.");
        fake.onTool("record_session_summary", summary("Alice talked about her nursing job and her sister's move."));
        MemoryUpdater updater = updater();

        updater.summarize(ALICE, MemoryUpdater.summarizePayload(session));
        updater.summarize(ALICE, MemoryUpdater.summarizePayload(session));

        assertThat(store.summaries(ALICE)).singleElement().satisfies(s -> {
            assertThat(s.session()).isEqualTo(session);
            assertThat(s.text()).isEqualTo("Alice talked about her nursing job and her sister's move.");
            assertThat(s.longTerm()).isFalse();
        });
        assertThat(fake.toolRequests("record_session_summary")).hasSize(1);
        assertThat(fake.toolRequests("record_session_summary").get(0).lastUserText())
                .contains("USER: I work as a nurse in Leeds.").contains("ASSISTANT: Big move.");
    }

    @Test
    void summarize_sessionWithoutTurns_makesNoModelCall() {
        updater().summarize(ALICE, MemoryUpdater.summarizePayload(new SessionId("nothing")));

        assertThat(fake.requests()).isEmpty();
        assertThat(store.summaries(ALICE)).isEmpty();
    }

    @Test
    void summarize_emptyOrBrokenSummary_throws_andStoresNothing() {
        SessionId session = new SessionId("s1");
        exchange(session, "I work as a nurse in Leeds.", "Nice.");
        for (FakeReply reply : List.of(summary("  "), FakeReply.toolUse("record_session_summary", "{}"),
                FakeReply.toolUse("record_session_summary", "{\"summary\":42}"), FakeReply.error(500, "api_error", "boom"))) {
            fake.onTool("record_session_summary", reply);
            assertThatThrownBy(() -> updater().summarize(ALICE, MemoryUpdater.summarizePayload(session)))
                    .as(reply.toString()).isInstanceOf(LlmException.class);
            assertThat(store.summaries(ALICE)).as(reply.toString()).isEmpty();
        }
    }

    @Test
    void summarize_overBudget_foldsOlderSummariesIntoOneLongTermSummary_keepingNewestVerbatim() {
        MemoryUpdater updater = updater(new SummaryPolicy(2, 40));
        List<String> texts = List.of(
                "Alice introduced herself as a nurse in Leeds who loves long walks in the Dales.",
                "Alice planned a trip to Berlin to help her sister Priya move into a new flat.",
                "Alice asked for advice on switching from nursing to midwifery and what training it needs.",
                "Alice said she started midwifery training at St James's and is nervous about night shifts.");
        for (int i = 0; i < texts.size(); i++) {
            SessionId session = new SessionId("s" + (i + 1));
            exchange(session, "Message of session " + (i + 1), "Reply " + (i + 1));
            fake.onTool("record_session_summary", summary(texts.get(i)));
            fake.onTool("record_long_term_summary", FakeReply.toolUse("record_long_term_summary",
                    "{\"summary\":\"Long-term " + (i + 1) + ": Alice is a nurse turned midwife in Leeds.\"}"));
            updater.summarize(ALICE, MemoryUpdater.summarizePayload(session));
        }

        List<Summary> all = store.summaries(ALICE);
        assertThat(all).filteredOn(Summary::longTerm).singleElement()
                .satisfies(s -> assertThat(s.text()).startsWith("Long-term"));
        assertThat(all).filteredOn(s -> !s.longTerm()).extracting(Summary::text)
                .containsExactly(texts.get(2), texts.get(3));
        List<CapturedRequest> folds = fake.toolRequests("record_long_term_summary");
        assertThat(folds).isNotEmpty();
        String lastFold = folds.get(folds.size() - 1).lastUserText();
        assertThat(lastFold).contains(texts.get(1)).doesNotContain(texts.get(2)).doesNotContain(texts.get(3));
        if (folds.size() > 1) {
            assertThat(lastFold).as("an earlier long-term summary is folded in, not lost").contains("Long-term summary so far");
        }
        String shown = all.stream().map(Summary::text).collect(Collectors.joining("\n"));
        assertThat(shown).doesNotContain(texts.get(0)).doesNotContain(texts.get(1));
    }

    @Test
    void summarize_underBudget_foldsNothing() {
        MemoryUpdater updater = updater(new SummaryPolicy(2, 10_000));
        for (int i = 1; i <= 4; i++) {
            SessionId session = new SessionId("s" + i);
            exchange(session, "Message " + i, "Reply " + i);
            fake.onTool("record_session_summary", summary("Session " + i + " was short."));
            updater.summarize(ALICE, MemoryUpdater.summarizePayload(session));
        }

        assertThat(store.summaries(ALICE)).hasSize(4).noneMatch(Summary::longTerm);
        assertThat(fake.toolRequests("record_long_term_summary")).isEmpty();
    }
}
