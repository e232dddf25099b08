package dev.engram.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LinearFusionTest {

    @Test
    void maxNormalized_dividesByTheBestScore() {
        assertThat(LinearFusion.maxNormalized(new float[] {2, 4, 0})).containsExactly(0.5f, 1f, 0f);
    }

    @Test
    void maxNormalized_noMatchAnywhere_staysZero() {
        assertThat(LinearFusion.maxNormalized(new float[] {0, 0})).containsExactly(0f, 0f);
    }

    @Test
    void minMaxNormalized_mapsWorstToZeroAndBestToOne_andMissingToZero() {
        float[] out = LinearFusion.minMaxNormalized(new float[] {0.2f, 0.6f, Float.NaN, 0.4f});
        assertThat(out[0]).isEqualTo(0f);
        assertThat(out[1]).isEqualTo(1f);
        assertThat(out[2]).isEqualTo(0f);
        assertThat(out[3]).isCloseTo(0.5f, within(1e-6f));
    }

    @Test
    void fuse_weighsKeywordAgainstDense() {
        float[] bm25 = {10, 0, 5};
        float[] dense = {0.1f, 0.9f, 0.5f};
        float[] fused = LinearFusion.fuse(bm25, dense, 0.4f);
        assertThat(fused[0]).isCloseTo(0.4f, within(1e-6f));
        assertThat(fused[1]).isCloseTo(0.6f, within(1e-6f));
        assertThat(fused[2]).isCloseTo(0.4f * 0.5f + 0.6f * 0.5f, within(1e-6f));
    }

    @Test
    void fuse_strongDenseMatchBeatsWeakKeywordMatch() {
        float[] fused = LinearFusion.fuse(new float[] {1, 0.2f}, new float[] {0.1f, 0.8f}, 0.3f);
        assertThat(fused[1]).isGreaterThan(fused[0]);
    }

    @Test
    void fuse_rejectsMismatchedArraysAndWeights() {
        assertThatThrownBy(() -> LinearFusion.fuse(new float[1], new float[2], 0.3f))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("differ in length");
        assertThatThrownBy(() -> LinearFusion.fuse(new float[1], new float[1], 1.5f))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("between 0 and 1");
    }
}
