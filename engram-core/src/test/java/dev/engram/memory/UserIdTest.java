package dev.engram.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UserIdTest {
    @ParameterizedTest
    @ValueSource(strings = {"alice", "bob.smith@example.com", "user_42-x", "A", "a.b"})
    void of_acceptsLettersDigitsAndSafePunctuation(String id) {
        assertThat(UserId.of(id).value()).isEqualTo(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../etc/passwd", "a/b", "a\\b", "..", ".", "a..b", "al ice", "name\u0000", "émile", ""})
    void of_refusesPathLikeOrOddIds(String id) {
        assertThatThrownBy(() -> UserId.of(id))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("user id");
    }

    @Test
    void of_refusesIdsOver128Characters() {
        assertThat(UserId.of("a".repeat(128)).value()).hasSize(128);
        assertThatThrownBy(() -> UserId.of("a".repeat(129)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("129 characters")
                .hasMessageContaining("128");
    }

    @Test
    void of_null_isRefusedWithAMessage() {
        assertThatThrownBy(() -> UserId.of(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
