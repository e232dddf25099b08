package dev.engram.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.engram.memory.Fact;
import dev.engram.memory.NewFact;
import dev.engram.memory.Provenance;
import dev.engram.memory.Role;
import dev.engram.memory.SessionId;
import dev.engram.memory.Turn;
import dev.engram.memory.UserId;
import dev.engram.testkit.HashEmbedder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HybridRetrieverTest {
    private static final UserId ANN = new UserId("ann");
    private static final UserId BOB = new UserId("bob");
    private static final SessionId S1 = new SessionId("s1");
    private static final Instant T0 = Instant.parse("2023-05-08T13:56:00Z");

    private final FakeMemoryReader store = new FakeMemoryReader();
    private final HashEmbedder embedder = new HashEmbedder();
    private MemoryIndexes indexes;

    @BeforeEach
    void setUp() {
        indexes = new MemoryIndexes(store);
    }

    private Turn say(UserId user, String text, int minute) {
        return store.appendTurn(user, S1, Role.USER, text, T0.plusSeconds(60L * minute), embedder.embed(text));
    }

    private HybridRetriever retriever(RetrievalMode mode) {
        return new HybridRetriever(indexes, embedder, mode);
    }

    @Test
    void retrieve_eachMode_findsTheTurnThatSharesTheQuestionsWords() {
        say(ANN, "I went hiking in the Alps with my sister", 0);
        Turn cello = say(ANN, "I started cello lessons on Tuesday", 1);
        say(ANN, "The weather has been rainy all week", 2);
        for (RetrievalMode mode : RetrievalMode.values()) {
            List<Hit> hits = retriever(mode).retrieve(ANN, "When did Ann start cello lessons?", 1);
            assertThat(hits).as(mode.name()).extracting(Hit::id).containsExactly(cello.id());
            assertThat(hits.get(0).kind()).isEqualTo(ItemKind.TURN);
            assertThat(hits.get(0).time()).isEqualTo(cello.at());
        }
    }

    @Test
    void retrieve_returnsBestFirstAndAtMostTheLimit() {
        for (int i = 0; i < 5; i++) {
            say(ANN, "note number " + i + " about gardening", i);
        }
        List<Hit> hits = retriever(RetrievalMode.HYBRID).retrieve(ANN, "gardening", 3);
        assertThat(hits).hasSize(3);
        assertThat(hits.get(0).score()).isGreaterThanOrEqualTo(hits.get(1).score());
        assertThat(hits.get(1).score()).isGreaterThanOrEqualTo(hits.get(2).score());
    }

    @Test
    void retrieve_ofOneKind_keepsOnlyThoseItemsWithTheScoresTheyHaveAmongAll() {
        say(ANN, "I play cricket every Sunday", 0);
        Fact cricket = store.addFact(ANN, new NewFact("Plays cricket on Sundays.", null, Provenance.NONE, 1, T0,
                embedder.embed("Plays cricket on Sundays.")));
        Fact tea = store.addFact(ANN, new NewFact("Likes tea.", null, Provenance.NONE, 1, T0, embedder.embed("Likes tea.")));
        HybridRetriever retriever = retriever(RetrievalMode.HYBRID);

        List<Hit> all = retriever.retrieve(ANN, "cricket", 10);
        List<Hit> facts = retriever.retrieve(ANN, "cricket", 10, ItemKind.FACT);

        assertThat(facts).extracting(Hit::id).containsExactly(cricket.id(), tea.id());
        assertThat(facts).allSatisfy(h -> assertThat(h.kind()).isEqualTo(ItemKind.FACT));
        assertThat(facts.get(0).score()).isEqualTo(all.stream().filter(h -> h.kind() == ItemKind.FACT && h.id() == cricket.id())
                .findFirst().orElseThrow().score());
        assertThat(retriever.retrieve(ANN, "cricket", 1, ItemKind.FACT)).extracting(Hit::id).containsExactly(cricket.id());
        assertThat(retriever.retrieve(ANN, "cricket", 5, ItemKind.SUMMARY)).isEmpty();
    }

    @Test
    void retrieve_neverReturnsAnotherUsersMemory() {
        say(BOB, "My password hint is the name of my cat Whiskers", 0);
        say(ANN, "I like tea", 1);
        List<Hit> hits = retriever(RetrievalMode.HYBRID).retrieve(ANN, "cat Whiskers", 10);
        assertThat(hits).extracting(Hit::text).containsExactly("I like tea");
    }

    @Test
    void retrieve_hybrid_liftsTheAnswerNextToAMatchingQuestion() {
        say(ANN, "What breed is your new dog?", 0);
        Turn answer = say(ANN, "A golden retriever, she is three months old", 1);
        say(ANN, "Shopping for groceries later", 2);
        List<Hit> hits = retriever(RetrievalMode.HYBRID).retrieve(ANN, "What breed is Ann's dog?", 2);
        assertThat(hits).extracting(Hit::id).contains(answer.id());
    }

    @Test
    void retrieve_invalidatedFact_disappearsAfterTheRevisionChanges() {
        Fact old = store.addFact(ANN, new NewFact("Lives in Leeds", "location", Provenance.NONE, 0.9, T0,
                embedder.embed("Lives in Leeds")));
        HybridRetriever r = retriever(RetrievalMode.BM25);
        assertThat(r.retrieve(ANN, "Leeds", 5)).extracting(Hit::kind).containsExactly(ItemKind.FACT);
        store.invalidateFact(ANN, old.id(), T0.plusSeconds(60), Provenance.NONE);
        assertThat(r.retrieve(ANN, "Leeds", 5)).isEmpty();
    }

    @Test
    void retrieve_cachedIndex_isNotReloadedWhileTheRevisionStands() {
        say(ANN, "I collect vinyl records", 0);
        HybridRetriever r = retriever(RetrievalMode.BM25);
        r.retrieve(ANN, "vinyl", 5);
        r.retrieve(ANN, "records", 5);
        assertThat(store.turnReads()).isEqualTo(1);
    }

    @Test
    void retrieve_embedsOnlyTheQuery() {
        say(ANN, "I collect vinyl records", 0);
        int before = embedder.calls();
        retriever(RetrievalMode.HYBRID).retrieve(ANN, "vinyl", 5);
        assertThat(embedder.calls()).isEqualTo(before + 1);
    }

    private HybridRetriever withCues(float speaker, float length) {
        return new HybridRetriever(indexes, embedder, RetrievalMode.HYBRID, embedder.fusion().withCues(speaker, length));
    }

    private Turn sayIn(String session, String text) {
        return store.appendTurn(ANN, new SessionId(session), Role.USER, text, T0, embedder.embed(text));
    }

    @Test
    void retrieve_hybrid_liftsTheTurnsOfTheSpeakerTheQuestionNames() {
        Turn mel = sayIn("a", "Mel: I painted a sunrise over the lake at dawn");
        Turn caroline = sayIn("b", "Caroline: I painted a sunrise");
        sayIn("c", "Mel: good morning");
        sayIn("d", "Caroline: good evening");
        sayIn("e", "The train to work was late again");
        String question = "Did Caroline paint a sunrise over the lake at dawn?";
        List<Hit> plain = withCues(0, 0).retrieve(ANN, question, 1);
        assertThat(plain).as("%s", plain).extracting(Hit::id).containsExactly(mel.id());
        List<Hit> lifted = withCues(0.5f, 0).retrieve(ANN, question, 1);
        assertThat(lifted).as("%s", lifted).extracting(Hit::id).containsExactly(caroline.id());
    }

    @Test
    void retrieve_hybrid_aQuestionNamingEverySpeakerLiftsNone() {
        Turn mel = sayIn("a", "Mel: I painted a sunrise over the lake at dawn");
        sayIn("b", "Caroline: I painted a sunrise");
        sayIn("c", "Mel: good morning");
        sayIn("d", "Caroline: good evening");
        String question = "Did Caroline or Mel paint a sunrise over the lake at dawn?";
        assertThat(withCues(0.5f, 0).retrieve(ANN, question, 4))
                .containsExactlyElementsOf(withCues(0, 0).retrieve(ANN, question, 4))
                .first().extracting(Hit::id).isEqualTo(mel.id());
    }

    @Test
    void retrieve_hybrid_aChatWithAFewLabelledMessagesHasNoSpeakers() {
        sayIn("a", "Note: buy milk on the way home");
        sayIn("b", "Note: call the bank about the card");
        sayIn("c", "Sure: the milk can wait until Friday");
        sayIn("d", "Sure: fine by me");
        for (int i = 0; i < 5; i++) {
            sayIn("e" + i, "ordinary message number " + i + " about the garden");
        }
        String question = "Note about the milk?";
        assertThat(withCues(0.5f, 0).retrieve(ANN, question, 9))
                .containsExactlyElementsOf(withCues(0, 0).retrieve(ANN, question, 9));
    }

    @Test
    void retrieve_hybrid_lengthPenaltyLowersEachScoreByTheLogOfItsLength() {
        sayIn("a", "I adopted a kitten called Miso, a kitten who has turned the whole week into a blur "
                + "of vet visits, tiny toys, scratched sofas and very little sleep");
        sayIn("b", "I adopted a kitten called Miso");
        sayIn("c", "The train to work was late again");
        Map<Long, Hit> plain = byId(withCues(0, 0).retrieve(ANN, "kitten Miso", 3));
        List<Hit> penalised = withCues(0, 0.5f).retrieve(ANN, "kitten Miso", 3);
        assertThat(penalised).hasSize(3);
        for (Hit h : penalised) {
            double expected = plain.get(h.id()).score() - 0.5 * Math.log(1 + h.text().split(" ").length);
            assertThat(h.score()).as(h.text()).isCloseTo(expected, within(1e-5));
        }
    }

    private static Map<Long, Hit> byId(List<Hit> hits) {
        return hits.stream().collect(Collectors.toMap(Hit::id, h -> h));
    }

    @Test
    void retrieve_emptyMemory_isEmpty() {
        assertThat(retriever(RetrievalMode.HYBRID).retrieve(ANN, "anything", 5)).isEmpty();
    }

    @Test
    void retrieve_nonPositiveLimit_isRejected() {
        assertThatThrownBy(() -> retriever(RetrievalMode.HYBRID).retrieve(ANN, "x", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limit");
    }
}
