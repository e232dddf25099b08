package dev.engram.llm.anthropic;

import dev.engram.llm.LlmClient;
import dev.engram.spi.ModelProvider;
import java.time.Duration;

/** The Claude client on the official Anthropic Java SDK, for {@link dev.engram.Engram#builder()}. */
public final class AnthropicModelProvider implements ModelProvider {
    @Override
    public LlmClient open(String apiKey, String baseUrl, Duration timeout, int maxRetries) {
        return new AnthropicLlmClient(new AnthropicSettings(apiKey, baseUrl, timeout, maxRetries));
    }
}
