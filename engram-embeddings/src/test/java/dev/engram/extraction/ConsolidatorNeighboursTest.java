package dev.engram.extraction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.engram.embedding.Embedder;
import dev.engram.embeddings.E5Embedder;
import dev.engram.embeddings.MiniLmEmbedder;
import dev.engram.memory.Fact;
import dev.engram.memory.Provenance;
import dev.engram.memory.UserId;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Which known facts the consolidator treats as similar to a new one, with each real embedder and
 * the cosine it declares: related facts are found, unrelated ones are not (so adding an unrelated
 * fact needs no model call).
 */
class ConsolidatorNeighboursTest {
    private static final UserId ALICE = new UserId("alice");
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static E5Embedder e5;
    private static MiniLmEmbedder miniLm;

    @BeforeAll
    static void load() {
        e5 = new E5Embedder(1);
        miniLm = new MiniLmEmbedder(1);
    }

    @AfterAll
    static void close() {
        e5.close();
        miniLm.close();
    }

    private static Fact known(long id, String statement, Embedder embedder) {
        return new Fact(id, ALICE, statement, null, "user", Provenance.NONE, 1, T0, T0, T0, null,
                embedder.embed(statement));
    }

    private static List<Fact> neighbours(String statement, Embedder embedder, Fact... known) {
        Candidate c = new Candidate(statement, "user", null, "fact", Candidate.Certainty.EXPLICIT, true);
        return Consolidator.neighbours(c, embedder.embed(statement), List.of(known), embedder.neighbourCosine());
    }

    @Test
    void neighbours_eachEmbedder_findsTheRelatedFactAndNotTheUnrelatedOnes() {
        for (Embedder embedder : List.of(e5, miniLm)) {
            Fact cello = known(1, "Plays the cello.", embedder);
            Fact dog = known(2, "Has a dog named Rex.", embedder);
            Fact allergy = known(3, "Is allergic to peanuts.", embedder);
            assertThat(neighbours("Started cello lessons in May.", embedder, cello, dog, allergy))
                    .as(embedder.getClass().getSimpleName()).containsExactly(cello);
            assertThat(neighbours("Works as a nurse in Leeds.", embedder, cello, dog, allergy))
                    .as(embedder.getClass().getSimpleName()).isEmpty();
        }
    }

    /** Pairs that played no part in choosing e5's cosine. */
    @Test
    void neighbours_otherPairs_e5FindsAtLeastWhatMiniLmFinds_andNoUnrelatedFact() {
        List<List<String>> related = List.of(List.of("Lives in Leeds.", "Moved to Leeds last year."),
                List.of("Drinks coffee every morning.", "Switched from coffee to green tea."),
                List.of("Has two children.", "Her son Tom started school in September."),
                List.of("Is learning Spanish.", "Takes Spanish classes on Tuesdays."));
        List<List<String>> unrelated = List.of(List.of("Drives a red Volvo.", "Is allergic to peanuts."),
                List.of("Is learning Spanish.", "Has two children."),
                List.of("Lives in Leeds.", "Prefers short answers."),
                List.of("Runs marathons.", "Works night shifts at the hospital."));
        int[] found = new int[2];
        List<Embedder> embedders = List.of(e5, miniLm);
        for (int e = 0; e < 2; e++) {
            Embedder embedder = embedders.get(e);
            for (List<String> pair : related) {
                found[e] += neighbours(pair.get(1), embedder, known(1, pair.get(0), embedder)).size();
            }
            for (List<String> pair : unrelated) {
                assertThat(neighbours(pair.get(1), embedder, known(1, pair.get(0), embedder)))
                        .as("%s: %s", embedder.getClass().getSimpleName(), pair).isEmpty();
            }
        }
        assertThat(found[0]).as("related pairs e5 finds").isGreaterThanOrEqualTo(found[1]).isGreaterThanOrEqualTo(2);
    }

    @Test
    void neighbours_e5WithMiniLmsCosine_wouldTreatUnrelatedFactsAsSimilar() {
        Fact dog = known(2, "Has a dog named Rex.", e5);
        Candidate c = new Candidate("Works as a nurse in Leeds.", "user", null, "fact", Candidate.Certainty.EXPLICIT, true);
        assertThat(Consolidator.neighbours(c, e5.embed(c.statement()), List.of(dog), MiniLmEmbedder.NEIGHBOUR_COSINE))
                .containsExactly(dog);
    }

    @Test
    void constructor_cosineOutsideZeroToOne_isRejected() {
        assertThatThrownBy(() -> new Consolidator(null, "m", 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("neighbour cosine");
        assertThatThrownBy(() -> new Consolidator(null, "m", 1.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
