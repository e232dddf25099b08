package dev.engram.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    @Test
    void delayAfter_doublesFromBaseAndIsCapped() {
        RetryPolicy p = new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofMinutes(1));
        assertThat(p.delayAfter(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(p.delayAfter(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(p.delayAfter(3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(p.delayAfter(4)).isEqualTo(Duration.ofSeconds(5));
        assertThat(p.delayAfter(60)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void constructor_refusesNonsense() {
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> new RetryPolicy(1, Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .hasMessageContaining("baseDelay");
    }
}
