package dev.engram.extraction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExtractionGateTest {
    private static final List<String> FACTS = List.of(
            "I adopted a puppy named Biscuit last week.",
            "We're planning a trip to Japan in October",
            "My sister works as a nurse in Leeds",
            "Here is my latest painting [photo: a watercolor of a lake at sunrise]",
            "I'm thinking of moving to Berlin next year, what do you think?");
    private static final List<String> EMPTY = List.of(
            "Wow, that's awesome!", "Thanks!", "What made you choose that?", "You're so inspiring, keep it up!");

    @Test
    void shippedGate_shortPlainStatementsAboutOneself_alwaysPass() {
        ExtractionGate gate = ExtractionGate.forEmbedder("minilm");
        for (String s : List.of("I prefer bullet points.", "Hi, I'm Alice.", "My name is Bob", "I have two kids.",
                "I'm allergic to peanuts", "I love green tea", "my wife is a doctor", "Remember that I'm vegan",
                "I am from Lisbon")) {
            assertThat(gate.mayHoldFacts(s, null)).as(s).isTrue();
        }
        for (String s : List.of("ok thanks", "lol", "What do you remember about me?", "I'm not sure", "Wow, nice!")) {
            assertThat(gate.mayHoldFacts(s, null)).as(s).isFalse();
        }
    }

    @Test
    void wordFeatures_selfStatementsPass_reactionsAndQuestionsSkip() {
        ExtractionGate gate = ExtractionGate.wordFeatures();
        FACTS.forEach(t -> assertThat(gate.mayHoldFacts(t, null)).as(t).isTrue());
        EMPTY.forEach(t -> assertThat(gate.mayHoldFacts(t, null)).as(t).isFalse());
    }

    @Test
    void forEmbedder_shippedWeights_useWordFeaturesOnlyForAnyEmbedder() {
        for (String embedder : List.of("minilm", "e5", "none")) {
            ExtractionGate gate = ExtractionGate.forEmbedder(embedder);
            assertThat(gate.usesEmbedding()).isFalse();
            assertThat(gate.describe()).startsWith("trained on word features;");
        }
    }

    @Test
    void forEmbedder_shippedWeights_selfStatementsPass_reactionsAndQuestionsSkip() {
        ExtractionGate gate = ExtractionGate.forEmbedder("minilm");
        FACTS.forEach(t -> assertThat(gate.mayHoldFacts(t, null)).as(t).isTrue());
        EMPTY.forEach(t -> assertThat(gate.mayHoldFacts(t, null)).as(t).isFalse());
    }

    @Test
    void trained_withEmbeddingWeights_scoresTheEmbedding() {
        ExtractionGate gate = ExtractionGate.trained(embeddingWeights());
        assertThat(gate.usesEmbedding()).isTrue();
        assertThat(gate.mayHoldFacts("Thanks!", new float[] {1, 0})).isTrue();
        assertThat(gate.mayHoldFacts("Thanks!", new float[] {0, 1})).isFalse();
    }

    @Test
    void trained_withEmbeddingWeights_noEmbeddingOrWrongSize_throws() {
        ExtractionGate gate = ExtractionGate.trained(embeddingWeights());
        assertThatThrownBy(() -> gate.mayHoldFacts("Thanks!", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got none");
        assertThatThrownBy(() -> gate.mayHoldFacts("Thanks!", new float[3]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2-dimension");
    }

    @Test
    void weights_jsonRoundTrip_keepsEveryWeight() {
        ExtractionGateWeights w = embeddingWeights();
        ExtractionGateWeights read = ExtractionGateWeights.read(
                new ByteArrayInputStream(w.toJson().getBytes(StandardCharsets.UTF_8)));
        assertThat(read.embedder()).isEqualTo("e5");
        assertThat(read.wordWeights()).containsExactly(w.wordWeights());
        assertThat(read.embeddingWeights()).containsExactly(2.0, -2.0);
        assertThat(read.bias()).isEqualTo(-0.5);
        assertThat(read.threshold()).isEqualTo(0.25);
    }

    @Test
    void weights_embedderWithoutEmbeddingWeights_isRejected() {
        double[] words = new double[ExtractionGateFeatures.NAMES.size()];
        assertThatThrownBy(() -> new ExtractionGateWeights("minilm", words, new double[0], 0, 0, ""))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Word weights all zero: the score is {@code 2 e0 - 2 e1 - 0.5}, kept at 0.25 and above. */
    private static ExtractionGateWeights embeddingWeights() {
        double[] words = new double[ExtractionGateFeatures.NAMES.size()];
        return new ExtractionGateWeights("e5", words, new double[] {2, -2}, -0.5, 0.25, "test");
    }
}
