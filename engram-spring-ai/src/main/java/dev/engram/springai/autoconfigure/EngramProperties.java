package dev.engram.springai.autoconfigure;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code engram.*}, bound once at start.
 *
 * @param dbUrl JDBC URL of Engram's store ({@code jdbc:sqlite:...} or {@code jdbc:postgresql:...});
 *     unset: the SQLite file in {@code home}
 * @param home Engram's private directory (default SQLite file, exports); unset: {@code ~/.engram}
 * @param anthropicApiKey the API key of Engram's memory model (extraction and summaries); required
 * @param anthropicBaseUrl another endpoint that speaks the Messages API, without {@code /v1}; unset: Anthropic's
 * @param embedder "e5", "minilm", "none" (keyword search only) or "auto": the database's model, e5 for a new one
 * @param memoryModel the model that extracts memory; unset: Engram's default
 * @param windowSize how many messages Engram's chat memory window keeps per conversation
 * @param recordExchanges whether the advisor records each exchange; false when MessageChatMemoryAdvisor
 *     over Engram's repository already logs the messages
 */
@ConfigurationProperties("engram")
public record EngramProperties(String dbUrl, Path home, String anthropicApiKey, String anthropicBaseUrl,
                               @DefaultValue("auto") String embedder, String memoryModel,
                               @DefaultValue("20") int windowSize, @DefaultValue("true") boolean recordExchanges) {
    public EngramProperties {
        if (windowSize < 1) {
            throw new IllegalArgumentException("engram.window-size must be at least 1, was " + windowSize);
        }
    }
}
