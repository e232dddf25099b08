package dev.engram.springai.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.Engram;
import dev.engram.springai.EngramChatMemoryRepository;
import dev.engram.springai.EngramMemoryAdvisor;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.memory.ChatMemoryRepository;
import org.springframework.ai.chat.memory.InMemoryChatMemoryRepository;
import org.springframework.ai.chat.memory.MessageWindowChatMemory;
import org.springframework.ai.model.chat.memory.autoconfigure.ChatMemoryAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** What the auto-configuration exposes, when it backs off, and that it closes Engram. */
class EngramAutoConfigurationTest {
    @TempDir
    Path dir;

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(EngramAutoConfiguration.class, ChatMemoryAutoConfiguration.class))
                .withPropertyValues("engram.db-url=jdbc:sqlite:" + dir.resolve("engram.db"), "engram.home=" + dir,
                        "engram.embedder=none", "engram.anthropic-api-key=memory-key", "engram.window-size=6");
    }

    @Test
    void theStarterAlone_givesEngram_itsRepositoryAndWindow_andTheAdvisor_insteadOfSpringAisInMemoryOnes() {
        runner().run(context -> {
            assertThat(context).hasSingleBean(Engram.class).hasSingleBean(EngramMemoryAdvisor.class);
            assertThat(context.getBean(ChatMemoryRepository.class)).isInstanceOf(EngramChatMemoryRepository.class);
            assertThat(context.getBean(ChatMemory.class)).isInstanceOf(MessageWindowChatMemory.class);
            assertThat(context.getBean(EngramProperties.class).windowSize()).isEqualTo(6);
        });
    }

    @Test
    void theApplicationsOwnBeans_win() {
        Engram own = Engram.builder().sqlite(dir.resolve("own.db")).home(dir).embedder("none").anthropic("own-key").build();
        runner().withBean(Engram.class, () -> own)
                .withBean(ChatMemoryRepository.class, InMemoryChatMemoryRepository::new)
                .run(context -> {
                    assertThat(context.getBean(Engram.class)).isSameAs(own);
                    assertThat(context.getBean(ChatMemoryRepository.class)).isInstanceOf(InMemoryChatMemoryRepository.class);
                });
    }

    @Test
    void engram_isClosedWithTheContext() {
        Engram[] seen = new Engram[1];
        runner().run(context -> {
            seen[0] = context.getBean(Engram.class);
            seen[0].memory("zoe").add("Likes maps.");
        });
        // A closed Engram's SQLite store is closed: reading through it fails.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> seen[0].memory("zoe").view())
                .isInstanceOf(RuntimeException.class);
    }

    @Test
    void noApiKey_failsAtStart_withWhatToSet() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(EngramAutoConfiguration.class))
                .withPropertyValues("engram.db-url=jdbc:sqlite:" + dir.resolve("engram.db"), "engram.embedder=none")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("engram.anthropic-api-key is not set"));
    }
}
