package dev.engram.spi;

import dev.engram.llm.LlmClient;
import java.time.Duration;

/** Makes the {@link LlmClient} that talks to Claude; found with {@link java.util.ServiceLoader}. */
public interface ModelProvider {
    /**
     * @param baseUrl the Messages API endpoint, or null for Anthropic's
     * @param maxRetries how often a failed call is retried by the client
     */
    LlmClient open(String apiKey, String baseUrl, Duration timeout, int maxRetries);
}
