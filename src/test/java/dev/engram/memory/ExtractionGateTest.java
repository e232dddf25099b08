package dev.engram.memory;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExtractionGateTest {
    private final ExtractionGate gate = ExtractionGate.wordFeatures();

    @Test
    void mayHoldFacts_selfStatementsPlansAndPreferences_pass() {
        assertThat(gate.mayHoldFacts("I adopted a puppy named Biscuit last week.", null)).isTrue();
        assertThat(gate.mayHoldFacts("We're planning a trip to Japan in October", null)).isTrue();
        assertThat(gate.mayHoldFacts("My sister works as a nurse in Leeds", null)).isTrue();
        assertThat(gate.mayHoldFacts("Here is my latest painting [photo: a watercolor of a lake at sunrise]", null)).isTrue();
    }

    @Test
    void mayHoldFacts_shortReactionsAndQuestionsToTheOtherParty_skip() {
        assertThat(gate.mayHoldFacts("Wow, that's awesome!", null)).isFalse();
        assertThat(gate.mayHoldFacts("Thanks!", null)).isFalse();
        assertThat(gate.mayHoldFacts("What made you choose that?", null)).isFalse();
        assertThat(gate.mayHoldFacts("You're so inspiring, keep it up!", null)).isFalse();
    }

    @Test
    void mayHoldFacts_anyQuestionWithSelfContext_passes() {
        assertThat(gate.mayHoldFacts("I'm thinking of moving to Berlin next year, what do you think?", null)).isTrue();
    }
}
