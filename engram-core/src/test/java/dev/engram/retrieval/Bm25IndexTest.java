package dev.engram.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Bm25IndexTest {

    @Test
    void scores_matchStemmedForms() {
        Bm25Index index = new Bm25Index();
        index.add("Melanie: I painted a lake sunrise last year");
        index.add("Caroline: the support group was powerful");
        float[] scores = index.scores("paintings of sunrises");
        assertThat(scores[0]).isGreaterThan(0);
        assertThat(scores[1]).isZero();
    }

    @Test
    void scores_rareTermOutweighsCommonTerm() {
        Bm25Index index = new Bm25Index();
        index.add("John: basketball practice today");
        index.add("John: basketball game today");
        index.add("John: basketball and chess today");
        float[] scores = index.scores("chess basketball");
        assertThat(scores[2]).isGreaterThan(scores[0]);
        assertThat(scores[0]).isEqualTo(scores[1]);
    }

    @Test
    void add_afterQueries_isSearchableAndNumberedInOrder() {
        Bm25Index index = new Bm25Index();
        assertThat(index.add("first note about tennis")).isZero();
        assertThat(index.scores("violin")).containsExactly(0f);
        assertThat(index.add("second note about the violin")).isEqualTo(1);
        float[] scores = index.scores("violin");
        assertThat(scores).hasSize(2);
        assertThat(scores[1]).isGreaterThan(0);
    }

    @Test
    void terms_dropEnglishStopWordsAndStem() {
        assertThat(Bm25Index.terms("The dogs are running")).containsExactly("dog", "run");
    }

    @Test
    void scores_emptyIndex_isEmpty() {
        assertThat(new Bm25Index().scores("anything")).isEmpty();
    }
}
