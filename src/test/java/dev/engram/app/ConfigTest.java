package dev.engram.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTest {
    @Test
    void fromEnv_defaults() {
        Config c = Config.fromEnv(Map.of("ENGRAM_HOME", "/tmp/x"));
        assertThat(c.chatModel()).isEqualTo("claude-sonnet-4-6");
        assertThat(c.memoryModel()).isEqualTo("claude-haiku-4-5-20251001");
        assertThat(c.memoryTokens()).isEqualTo(400);
        assertThat(c.apiKey()).isNull();
        assertThat(c.dbUrl()).isNull();
        assertThat(c.embedder()).isEqualTo(Config.AUTO_EMBEDDER);
    }

    @Test
    void fromEnv_embedderBlankOrAuto_followsTheDatabase() {
        assertThat(Config.fromEnv(Map.of("ENGRAM_EMBEDDER", " ")).embedder()).isEqualTo(Config.AUTO_EMBEDDER);
        assertThat(Config.fromEnv(Map.of("ENGRAM_EMBEDDER", "auto")).embedder()).isEqualTo(Config.AUTO_EMBEDDER);
        assertThat(Config.fromEnv(Map.of("ENGRAM_EMBEDDER", "minilm")).embedder()).isEqualTo("minilm");
    }

    @Test
    void fromEnv_badNumbers_areRefusedNamingTheVariable() {
        assertThatThrownBy(() -> Config.fromEnv(Map.of("ENGRAM_MEMORY_TOKENS", "lots")))
                .hasMessageContaining("ENGRAM_MEMORY_TOKENS").hasMessageContaining("lots");
        assertThatThrownBy(() -> Config.fromEnv(Map.of("ENGRAM_HISTORY_TOKENS", "-5")))
                .hasMessageContaining("ENGRAM_HISTORY_TOKENS");
        assertThatThrownBy(() -> Config.fromEnv(Map.of("ENGRAM_EMBEDDER", "bert")))
                .hasMessageContaining("ENGRAM_EMBEDDER");
    }
}
