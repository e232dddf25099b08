package dev.engram.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvidenceRecallTest {

    private static List<String> ranked(String... ids) {
        return new ArrayList<>(Arrays.asList(ids));
    }

    @Test
    void add_countsTheShareOfEvidenceInEachCutOff() {
        EvidenceRecall r = new EvidenceRecall();
        List<String> retrieved = ranked("a", "b", "c", "d", "e", "f", null, "h", "i", "j", "k");
        r.add(1, List.of("a", "k"), retrieved);
        assertThat(r.all().at5()).isEqualTo(50.0);
        assertThat(r.all().at10()).isEqualTo(50.0);
        assertThat(r.all().at25()).isEqualTo(100.0);
    }

    @Test
    void add_category5_countsInAllButNotInCategories1to4() {
        EvidenceRecall r = new EvidenceRecall();
        r.add(5, List.of("x"), ranked("x"));
        r.add(2, List.of("y"), ranked("x"));
        assertThat(r.all().at5()).isEqualTo(50.0);
        assertThat(r.categories1to4().at5()).isEqualTo(0.0);
        assertThat(r.questions()).isEqualTo(2);
    }

    @Test
    void add_withoutEvidence_isRejected() {
        assertThatThrownBy(() -> new EvidenceRecall().add(1, List.of(), ranked("a")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("skip it");
    }

    @Test
    void percentile_takesTheNearestRank() {
        assertThat(LocomoBench.percentile(List.of(1.0, 2.0, 3.0, 4.0), 50)).isEqualTo(2.0);
        assertThat(LocomoBench.percentile(List.of(1.0, 2.0, 3.0, 4.0), 95)).isEqualTo(4.0);
    }
}
