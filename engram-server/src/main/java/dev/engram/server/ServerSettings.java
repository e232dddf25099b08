package dev.engram.server;

import java.time.Duration;

/**
 * Settings of the HTTP API.
 *
 * @param host address to listen on, e.g. {@code 127.0.0.1} or {@code 0.0.0.0}
 * @param port port to listen on; 0 picks a free one
 * @param maxBodyBytes largest request body accepted; larger ones get 413
 * @param maxLiveSessions how many live chat sessions are kept in memory; older ones are rebuilt from the turn log
 * @param maxListLimit the largest {@code ?limit=} accepted when listing memories
 * @param metricsToken when not null, {@code /metrics} answers only {@code Authorization: Bearer TOKEN}
 * @param idleTimeout a live session idle for longer is ended and summarized
 */
public record ServerSettings(String host, int port, long maxBodyBytes, int maxLiveSessions, int maxListLimit,
                             String metricsToken, Duration idleTimeout) {
    /** Defaults: 64 KiB bodies, 10,000 live sessions, at most 1,000 memories per listing, open metrics, 30 idle minutes. */
    public static ServerSettings defaults(String host, int port) {
        return new ServerSettings(host, port, 64 * 1024, 10_000, 1_000, null, Duration.ofMinutes(30));
    }

    /** These settings with {@code /metrics} behind {@code token} (null opens it). */
    public ServerSettings withMetricsToken(String token) {
        return new ServerSettings(host, port, maxBodyBytes, maxLiveSessions, maxListLimit, token, idleTimeout);
    }

    /** These settings with another idle timeout for live sessions. */
    public ServerSettings withIdleTimeout(Duration timeout) {
        return new ServerSettings(host, port, maxBodyBytes, maxLiveSessions, maxListLimit, metricsToken, timeout);
    }

    public ServerSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be empty: use 127.0.0.1 or 0.0.0.0");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
        }
        if (maxBodyBytes < 1024) {
            throw new IllegalArgumentException("max body size must be at least 1024 bytes, was " + maxBodyBytes);
        }
        if (maxLiveSessions < 1) {
            throw new IllegalArgumentException("max live sessions must be positive, was " + maxLiveSessions);
        }
        if (idleTimeout == null || idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("the idle timeout must be positive, was " + idleTimeout);
        }
        if (maxListLimit < 1) {
            throw new IllegalArgumentException("max list limit must be positive, was " + maxListLimit);
        }
        if (metricsToken != null && (metricsToken.length() < 16 || !metricsToken.matches("[\\x21-\\x7e]+"))) {
            throw new IllegalArgumentException("ENGRAM_METRICS_TOKEN must be at least 16 printable characters without"
                    + " spaces, or unset");
        }
    }
}
