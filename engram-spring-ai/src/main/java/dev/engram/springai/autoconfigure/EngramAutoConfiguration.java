package dev.engram.springai.autoconfigure;

import dev.engram.Engram;
import dev.engram.springai.EngramChatMemoryRepository;
import dev.engram.springai.EngramMemoryAdvisor;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.memory.ChatMemoryRepository;
import org.springframework.ai.chat.memory.MessageWindowChatMemory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Engram for a Spring AI application, from {@code engram.*} properties ({@link EngramProperties}):
 * the {@link Engram} (closed when the context closes), an {@link EngramChatMemoryRepository} with
 * its {@link MessageWindowChatMemory}, and an {@link EngramMemoryAdvisor} to add to a ChatClient.
 * Each backs off when the application defines its own bean of that type.
 *
 * <p>Runs before Spring AI's chat memory auto-configuration, so that its in-memory repository and
 * window back off in favour of these. Listed in {@code
 * META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports}.
 */
@AutoConfiguration(beforeName = "org.springframework.ai.model.chat.memory.autoconfigure.ChatMemoryAutoConfiguration")
@ConditionalOnClass({ChatMemoryRepository.class, Engram.class})
@EnableConfigurationProperties(EngramProperties.class)
public class EngramAutoConfiguration {

    /**
     * The Engram the other beans use.
     *
     * @throws IllegalArgumentException when {@code engram.anthropic-api-key} is not set
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public Engram engram(EngramProperties properties) {
        if (properties.anthropicApiKey() == null || properties.anthropicApiKey().isBlank()) {
            throw new IllegalArgumentException("engram.anthropic-api-key is not set: Engram's memory model needs an "
                    + "Anthropic API key, e.g. engram.anthropic-api-key=${ANTHROPIC_API_KEY}");
        }
        Engram.Builder builder = Engram.builder()
                .database(properties.dbUrl())
                .anthropic(properties.anthropicApiKey(), properties.anthropicBaseUrl())
                .embedder(properties.embedder());
        if (properties.home() != null) {
            builder.home(properties.home());
        }
        if (properties.memoryModel() != null) {
            builder.memoryModel(properties.memoryModel());
        }
        return builder.build();
    }

    /** Spring AI's chat memory kept in Engram's turn log. */
    @Bean
    @ConditionalOnMissingBean
    public ChatMemoryRepository engramChatMemoryRepository(Engram engram, EngramProperties properties) {
        return new EngramChatMemoryRepository(engram, properties.windowSize());
    }

    /** The window over that repository, for MessageChatMemoryAdvisor. */
    @Bean
    @ConditionalOnMissingBean
    public ChatMemory engramChatMemory(ChatMemoryRepository repository, EngramProperties properties) {
        return MessageWindowChatMemory.builder()
                .chatMemoryRepository(repository)
                .maxMessages(properties.windowSize())
                .build();
    }

    /** The advisor that adds the user's memory to the system prompt and records the exchange. */
    @Bean
    @ConditionalOnMissingBean
    public EngramMemoryAdvisor engramMemoryAdvisor(Engram engram, EngramProperties properties) {
        return EngramMemoryAdvisor.builder(engram).recordExchanges(properties.recordExchanges()).build();
    }
}
