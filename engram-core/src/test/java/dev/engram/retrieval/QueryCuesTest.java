package dev.engram.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.Set;
import org.junit.jupiter.api.Test;

class QueryCuesTest {

    @Test
    void speakerLabel_readsTheLeadingNameOfATranscriptTurn() {
        assertThat(QueryCues.speakerLabel(ItemKind.TURN, "Caroline: I went to a support group")).isEqualTo("Caroline");
        assertThat(QueryCues.speakerLabel(ItemKind.TURN, "Dr Patel: take two a day")).isEqualTo("Dr Patel");
    }

    @Test
    void speakerLabel_noneForPlainMessagesAndForItemsOtherThanTurns() {
        assertThat(QueryCues.speakerLabel(ItemKind.TURN, "I went to a support group: it helped")).isNull();
        assertThat(QueryCues.speakerLabel(ItemKind.TURN, "caroline: lower case is no label")).isNull();
        assertThat(QueryCues.speakerLabel(ItemKind.TURN, "Three Word Name: too long a label")).isNull();
        assertThat(QueryCues.speakerLabel(ItemKind.FACT, "Caroline: a fact is no turn")).isNull();
    }

    @Test
    void namedSpeakers_findsWholeNamesIncludingPossessives() {
        Set<String> speakers = Set.of("Caroline", "Mel");
        assertThat(QueryCues.namedSpeakers("What is Caroline's job?", speakers)).containsExactly("Caroline");
        assertThat(QueryCues.namedSpeakers("Where did Melanie go?", speakers)).isEmpty();
        assertThat(QueryCues.namedSpeakers("what did caroline say?", speakers)).isEmpty();
    }

    @Test
    void namedSpeakers_emptyWhenEverySpeakerOrTheOnlyOneIsNamed() {
        assertThat(QueryCues.namedSpeakers("Did Caroline and Mel meet?", Set.of("Caroline", "Mel"))).isEmpty();
        assertThat(QueryCues.namedSpeakers("What did Caroline say?", Set.of("Caroline"))).isEmpty();
    }

    @Test
    void adjust_addsTheSpeakerWeightAndSubtractsTheLogLengthPenalty() {
        float[] scores = {1f, 1f, 1f};
        QueryCues.adjust(scores, new String[] {"Caroline", "Mel", null}, new float[] {QueryCues.logLength(""), QueryCues.logLength(""),
                QueryCues.logLength("one two three four five six seven eight nine")}, Set.of("Caroline"),
                0.1f, 0.5f);
        assertThat(scores[0]).isEqualTo(1.1f);
        assertThat(scores[1]).isEqualTo(1f);
        assertThat(scores[2]).isCloseTo(1f - 0.5f * (float) Math.log(10), offset(1e-6f));
    }

    @Test
    void words_countsWhitespaceSeparatedWords() {
        assertThat(QueryCues.words("")).isZero();
        assertThat(QueryCues.words("  one\ttwo\nthree  ")).isEqualTo(3);
    }
}
