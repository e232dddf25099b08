package dev.engram.memory;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExtractionGateTest {
    private final ExtractionGate gate = new ExtractionGate();

    @Test
    void mayHoldFacts_selfStatementsPlansAndPreferences_pass() {
        assertThat(gate.mayHoldFacts("I adopted a puppy named Biscuit last week.")).isTrue();
        assertThat(gate.mayHoldFacts("We're planning a trip to Japan in October")).isTrue();
        assertThat(gate.mayHoldFacts("My sister works as a nurse in Leeds")).isTrue();
        assertThat(gate.mayHoldFacts("Here is my latest painting [photo: a watercolor of a lake at sunrise]")).isTrue();
    }

    @Test
    void mayHoldFacts_shortReactionsAndQuestionsToTheOtherParty_skip() {
        assertThat(gate.mayHoldFacts("Wow, that's awesome!")).isFalse();
        assertThat(gate.mayHoldFacts("Thanks!")).isFalse();
        assertThat(gate.mayHoldFacts("What made you choose that?")).isFalse();
        assertThat(gate.mayHoldFacts("You're so inspiring, keep it up!")).isFalse();
    }

    @Test
    void mayHoldFacts_anyQuestionWithSelfContext_passes() {
        assertThat(gate.mayHoldFacts("I'm thinking of moving to Berlin next year, what do you think?")).isTrue();
    }
}
