package dev.engram.llm.anthropic;

import java.time.Duration;
import java.util.Objects;

/**
 * How to reach the Anthropic API.
 *
 * @param apiKey     the API key, never blank
 * @param baseUrl    the API address, or null for the SDK default ({@code https://api.anthropic.com})
 * @param timeout    how long to wait for the connection, the first byte, or the next streamed event;
 *                   a whole streamed answer may take longer
 * @param maxRetries how often the SDK retries 408, 409, 429, 5xx and connection failures (0 = never)
 */
public record AnthropicSettings(String apiKey, String baseUrl, Duration timeout, int maxRetries) {
    public AnthropicSettings {
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException("the Anthropic API key is missing; set ANTHROPIC_API_KEY");
        }
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must not be negative, got " + maxRetries);
        }
        if (baseUrl != null && baseUrl.isBlank()) {
            baseUrl = null;
        }
    }

    @Override
    public String toString() {
        return "AnthropicSettings[baseUrl=" + baseUrl + ", timeout=" + timeout + ", maxRetries=" + maxRetries + "]";
    }
}
