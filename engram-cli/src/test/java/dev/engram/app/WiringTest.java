package dev.engram.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.engram.Engram;
import dev.engram.embeddings.E5Embedder;
import dev.engram.embeddings.MiniLmEmbedder;
import java.nio.file.Path;
import java.util.List;
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

    private Config unsetEmbedder() {
        return Config.fromEnv(Map.of("ENGRAM_HOME", home.toString()));
    }

    @Test
    void embedder_unset_newDatabase_usesE5AndRecordsIt() {
        try (Wiring wiring = new Wiring(unsetEmbedder())) {
            assertThat(wiring.embedder()).isInstanceOf(E5Embedder.class);
            assertThat(wiring.embedderName()).isEqualTo("e5");
        }
        try (Wiring explicit = new Wiring(config("minilm"))) {
            assertThatThrownBy(explicit::embedder).hasMessageContaining("ENGRAM_EMBEDDER=e5");
        }
    }

    @Test
    void embedder_unset_databaseEmbeddedWithMiniLm_keepsUsingMiniLm() {
        try (Wiring first = new Wiring(config("minilm"))) {
            assertThat(first.embedder()).isInstanceOf(MiniLmEmbedder.class);
        }
        try (Wiring second = new Wiring(unsetEmbedder())) {
            assertThat(second.embedder()).isInstanceOf(MiniLmEmbedder.class);
            assertThat(second.embedderName()).isEqualTo("minilm");
        }
    }

    @Test
    void embedder_databaseEmbeddedWithAModelEngramLacks_isRefusedWithTheFix() {
        try (Wiring first = new Wiring(config("none"))) {
            first.store().pinEmbeddingModel("bge");
        }
        for (Config c : List.of(unsetEmbedder(), config("e5"))) {
            try (Wiring second = new Wiring(c)) {
                assertThatThrownBy(second::embedder)
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("'bge'")
                        .hasMessageContaining("does not have")
                        .hasMessageContaining("start a new database");
            }
        }
    }

    @Test
    void llm_withoutApiKey_namesBothVariables() {
        try (Wiring wiring = new Wiring(config("none"))) {
            assertThatThrownBy(wiring::llm)
                    .isInstanceOf(Engram.MissingApiKeyException.class)
                    .hasMessageContaining("ANTHROPIC_API_KEY")
                    .hasMessageContaining("ANTHROPIC_BASE_URL");
        }
    }
}
