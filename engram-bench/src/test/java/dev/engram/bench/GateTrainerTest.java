package dev.engram.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GateTrainerTest {

    @Test
    void threshold_keepsAtLeastTheTargetShareOfCitedScores() {
        double[] scores = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, -5};
        boolean[] cited = {true, true, true, true, true, true, true, true, true, true, false};
        assertThat(GateTrainer.threshold(scores, cited, 0.8)).isEqualTo(0.3);
        assertThat(GateTrainer.threshold(scores, cited, 1.0)).isEqualTo(0.1);
    }

    @Test
    void logisticFit_separableOnOneFeature_ranksByThatFeature() {
        double[][] x = {{0, 5}, {1, 3}, {2, 4}, {3, 5}, {4, 3}, {5, 4}};
        boolean[] y = {false, false, false, true, true, true};
        LogisticFit.Model m = LogisticFit.fit(x, y, 1);
        assertThat(m.score(new double[] {4.5, 4})).isGreaterThan(0);
        assertThat(m.score(new double[] {0.5, 4})).isLessThan(0);
        assertThat(Math.abs(m.weights()[0])).isGreaterThan(Math.abs(m.weights()[1]));
    }

    @Test
    void run_fewerThanThreeConversations_isAUsageError() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String data = java.nio.file.Path.of(GateTrainerTest.class.getResource("tiny-locomo.json").toURI()).toString();
        int code = GateTrainer.run(new String[] {"--data", data}, null, "minilm", System.out,
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("at least 3 conversations");
    }
}
