package dev.engram.server;

/**
 * Settings of the HTTP API.
 *
 * @param host address to listen on, e.g. {@code 127.0.0.1} or {@code 0.0.0.0}
 * @param port port to listen on; 0 picks a free one
 * @param maxBodyBytes largest request body accepted; larger ones get 413
 * @param maxLiveSessions how many live chat sessions are kept in memory; older ones are rebuilt from the turn log
 * @param maxListLimit the largest {@code ?limit=} accepted when listing memories
 * @param metricsToken when not null, {@code /metrics} answers only {@code Authorization: Bearer TOKEN}
 */
public record ServerSettings(String host, int port, long maxBodyBytes, int maxLiveSessions, int maxListLimit,
                             String metricsToken) {
    /** Defaults: 64 KiB bodies, 10,000 live sessions, at most 1,000 memories per listing, open metrics. */
    public static ServerSettings defaults(String host, int port) {
        return new ServerSettings(host, port, 64 * 1024, 10_000, 1_000, null);
    }

    /** These settings with {@code /metrics} behind {@code token} (null opens it). */
    public ServerSettings withMetricsToken(String token) {
        return new ServerSettings(host, port, maxBodyBytes, maxLiveSessions, maxListLimit, token);
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
        if (maxListLimit < 1) {
            throw new IllegalArgumentException("max list limit must be positive, was " + maxListLimit);
        }
        if (metricsToken != null && (metricsToken.length() < 16 || !metricsToken.matches("[\\x21-\\x7e]+"))) {
            throw new IllegalArgumentException("ENGRAM_METRICS_TOKEN must be at least 16 printable characters without"
                    + " spaces, or unset");
        }
    }
}
