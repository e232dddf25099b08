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

    @Test
    void fromEnv_mcpAllowedHostsAndOrigins_areCommaSeparatedPatterns() {
        Config c = Config.fromEnv(Map.of("ENGRAM_MCP_ALLOWED_HOSTS", " engram.example.com:*, 10.0.0.5:8080 ,",
                "ENGRAM_MCP_ALLOWED_ORIGINS", "https://app.example.com"));
        assertThat(c.mcpAllowedHosts()).containsExactly("engram.example.com:*", "10.0.0.5:8080");
        assertThat(c.mcpAllowedOrigins()).containsExactly("https://app.example.com");
        assertThat(Config.fromEnv(Map.of()).mcpAllowedHosts()).isEmpty();
    }

    @Test
    void fromEnv_mcpPatternsThatAreNotHostsOrOrigins_areRefusedNamingTheVariable() {
        assertThatThrownBy(() -> Config.fromEnv(Map.of("ENGRAM_MCP_ALLOWED_HOSTS", "engram.example.com")))
                .hasMessageContaining("ENGRAM_MCP_ALLOWED_HOSTS").hasMessageContaining("engram.example.com:*");
        assertThatThrownBy(() -> Config.fromEnv(Map.of("ENGRAM_MCP_ALLOWED_HOSTS", "https://x.example:443")))
                .hasMessageContaining("ENGRAM_MCP_ALLOWED_HOSTS");
        assertThatThrownBy(() -> Config.fromEnv(Map.of("ENGRAM_MCP_ALLOWED_ORIGINS", "app.example.com")))
                .hasMessageContaining("ENGRAM_MCP_ALLOWED_ORIGINS").hasMessageContaining("https://app.example.com");
    }
}
