package dev.engram.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WiringTest {
    @TempDir
    Path home;

    private Config config(String embedder) {
        return Config.fromEnv(Map.of("ENGRAM_HOME", home.toString(), "ENGRAM_EMBEDDER", embedder));
    }

    @Test
    void embedder_otherModelThanTheStoredEmbeddings_isRefusedWithTheFix() {
        try (Wiring first = new Wiring(config("minilm"))) {
            assertThat(first.embedder()).isNotNull();
        }
        try (Wiring second = new Wiring(config("e5"))) {
            assertThatThrownBy(second::embedder)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'minilm'")
                    .hasMessageContaining("ENGRAM_EMBEDDER=minilm");
        }
        try (Wiring keywordsOnly = new Wiring(config("none"))) {
            assertThat(keywordsOnly.embedder()).isNull();
        }
    }

    @Test
    void llm_withoutApiKey_namesBothVariables() {
        try (Wiring wiring = new Wiring(config("none"))) {
            assertThatThrownBy(wiring::llm)
                    .isInstanceOf(Wiring.MissingApiKeyException.class)
                    .hasMessageContaining("ANTHROPIC_API_KEY")
                    .hasMessageContaining("ANTHROPIC_BASE_URL");
        }
    }
}
