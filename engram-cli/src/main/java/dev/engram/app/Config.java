package dev.engram.app;

import dev.engram.store.StoreOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Engram's settings, read once from the environment at start and validated with exact messages.
 * See the configuration table in README.md.
 *
 * @param apiKey the Anthropic API key, or null when unset (commands that call the model refuse to start)
 * @param baseUrl another endpoint that speaks the Messages API, or null for Anthropic's
 * @param dbUrl a JDBC URL for the store, or null for the SQLite file under {@code home}
 * @param embedder {@code e5}, {@code minilm}, {@code none}, or {@link #AUTO_EMBEDDER} when
 *     ENGRAM_EMBEDDER is unset: then the model the database was embedded with, else {@link
 *     #DEFAULT_EMBEDDER}
 * @param jobLease how long a claimed background job is reserved for its worker; a job of a process
 *     that died is claimed again once its lease runs out
 * @param storeOptions durability settings of the store (ENGRAM_SQLITE_SYNCHRONOUS)
 * @param mcpAllowedHosts {@code Host} patterns {@code /mcp} accepts besides the loopback names and
 *     the address it listens on (ENGRAM_MCP_ALLOWED_HOSTS, comma-separated, e.g. {@code engram.example.com:*})
 * @param mcpAllowedOrigins {@code Origin} patterns {@code /mcp} accepts besides the loopback ones
 *     (ENGRAM_MCP_ALLOWED_ORIGINS, e.g. {@code https://app.example.com})
 */
public record Config(
        Path home,
        String dbUrl,
        String apiKey,
        String baseUrl,
        String chatModel,
        String memoryModel,
        int memoryTokens,
        int historyTokens,
        int maxReplyTokens,
        int summariesKept,
        int summaryTokens,
        Duration idleTimeout,
        Duration modelTimeout,
        int modelRetries,
        int maxMessageChars,
        String embedder,
        int workerThreads,
        Duration jobLease,
        StoreOptions storeOptions,
        List<String> mcpAllowedHosts,
        List<String> mcpAllowedOrigins) {

    public static final String DEFAULT_CHAT_MODEL = "claude-sonnet-4-6";
    public static final String DEFAULT_MEMORY_MODEL = "claude-haiku-4-5-20251001";
    /** The embedder of a new database when ENGRAM_EMBEDDER is unset. */
    public static final String DEFAULT_EMBEDDER = "e5";
    /** The embedder setting when ENGRAM_EMBEDDER is unset. */
    public static final String AUTO_EMBEDDER = "auto";
    /** The embedding models Engram has. */
    public static final Set<String> EMBEDDERS = Set.of("e5", "minilm");
    /** An allowed Host pattern of {@code /mcp}: {@code name:port} or {@code name:*}. */
    private static final Pattern HOST_PATTERN = Pattern.compile("[A-Za-z0-9.\\[\\]:-]+:(\\d{1,5}|\\*)");
    /** An allowed Origin pattern of {@code /mcp}: {@code scheme://name}, with {@code :port} or {@code :*}. */
    private static final Pattern ORIGIN_PATTERN = Pattern.compile("https?://[A-Za-z0-9.\\[\\]:-]+?(:(\\d{1,5}|\\*))?");

    public Config {
        if (home == null) {
            throw new IllegalArgumentException("ENGRAM_HOME must name a directory");
        }
        positive("ENGRAM_MEMORY_TOKENS", memoryTokens);
        positive("ENGRAM_HISTORY_TOKENS", historyTokens);
        positive("ENGRAM_MAX_REPLY_TOKENS", maxReplyTokens);
        positive("ENGRAM_SUMMARIES_KEPT", summariesKept);
        positive("ENGRAM_SUMMARY_TOKENS", summaryTokens);
        positive("ENGRAM_MAX_MESSAGE_CHARS", maxMessageChars);
        positive("ENGRAM_WORKER_THREADS", workerThreads);
        if (jobLease == null || jobLease.isNegative() || jobLease.isZero()) {
            throw new IllegalArgumentException("ENGRAM_JOB_LEASE_SECONDS must be a positive number");
        }
        if (storeOptions == null) {
            throw new IllegalArgumentException("store options must be given");
        }
        if (modelRetries < 0) {
            throw new IllegalArgumentException("ENGRAM_MODEL_RETRIES must not be negative");
        }
        if (!AUTO_EMBEDDER.equals(embedder) && !EMBEDDERS.contains(embedder) && !"none".equals(embedder)) {
            throw new IllegalArgumentException("ENGRAM_EMBEDDER must be 'e5', 'minilm', 'none' or 'auto' (the same as unset), was '"
                    + embedder + "'");
        }
        mcpAllowedHosts = patterns("ENGRAM_MCP_ALLOWED_HOSTS", mcpAllowedHosts, HOST_PATTERN, "engram.example.com:*");
        mcpAllowedOrigins = patterns("ENGRAM_MCP_ALLOWED_ORIGINS", mcpAllowedOrigins, ORIGIN_PATTERN,
                "https://app.example.com");
    }

    private static List<String> patterns(String name, List<String> values, Pattern form, String example) {
        if (values == null) {
            return List.of();
        }
        for (String v : values) {
            if (v == null || !form.matcher(v).matches()) {
                throw new IllegalArgumentException(name + " holds '" + v + "', which is not a pattern like " + example);
            }
        }
        return List.copyOf(values);
    }

    /** Reads the configuration from environment variables (see README.md for each). */
    public static Config fromEnv(Map<String, String> env) {
        String home = blankToNull(env.get("ENGRAM_HOME"));
        return new Config(
                home != null ? Path.of(home) : Path.of(System.getProperty("user.home"), ".engram"),
                blankToNull(env.get("ENGRAM_DB_URL")),
                blankToNull(env.get("ANTHROPIC_API_KEY")),
                blankToNull(env.get("ANTHROPIC_BASE_URL")),
                env.getOrDefault("ENGRAM_CHAT_MODEL", DEFAULT_CHAT_MODEL),
                env.getOrDefault("ENGRAM_MEMORY_MODEL", DEFAULT_MEMORY_MODEL),
                integer(env, "ENGRAM_MEMORY_TOKENS", 400),
                integer(env, "ENGRAM_HISTORY_TOKENS", 3000),
                integer(env, "ENGRAM_MAX_REPLY_TOKENS", 1024),
                integer(env, "ENGRAM_SUMMARIES_KEPT", 3),
                integer(env, "ENGRAM_SUMMARY_TOKENS", 600),
                Duration.ofMinutes(integer(env, "ENGRAM_IDLE_MINUTES", 30)),
                Duration.ofSeconds(integer(env, "ENGRAM_MODEL_TIMEOUT_SECONDS", 60)),
                integer(env, "ENGRAM_MODEL_RETRIES", 2),
                integer(env, "ENGRAM_MAX_MESSAGE_CHARS", 20_000),
                Objects.requireNonNullElse(blankToNull(env.get("ENGRAM_EMBEDDER")), AUTO_EMBEDDER),
                integer(env, "ENGRAM_WORKER_THREADS", 1),
                Duration.ofSeconds(integer(env, "ENGRAM_JOB_LEASE_SECONDS", 120)),
                StoreOptions.defaults().withSqliteSync(StoreOptions.SqliteSync.parse(
                        Objects.requireNonNullElse(blankToNull(env.get("ENGRAM_SQLITE_SYNCHRONOUS")), "full"))),
                list(env.get("ENGRAM_MCP_ALLOWED_HOSTS")),
                list(env.get("ENGRAM_MCP_ALLOWED_ORIGINS")));
    }

    /** The same configuration with another home directory. */
    public Config withHome(Path newHome) {
        return new Config(newHome, dbUrl, apiKey, baseUrl, chatModel, memoryModel, memoryTokens, historyTokens,
                maxReplyTokens, summariesKept, summaryTokens, idleTimeout, modelTimeout, modelRetries, maxMessageChars,
                embedder, workerThreads, jobLease, storeOptions, mcpAllowedHosts, mcpAllowedOrigins);
    }

    /** The same configuration talking to another model endpoint with another key. */
    public Config withModelEndpoint(String newBaseUrl, String newApiKey) {
        return new Config(home, dbUrl, newApiKey, newBaseUrl, chatModel, memoryModel, memoryTokens, historyTokens,
                maxReplyTokens, summariesKept, summaryTokens, idleTimeout, modelTimeout, modelRetries, maxMessageChars,
                embedder, workerThreads, jobLease, storeOptions, mcpAllowedHosts, mcpAllowedOrigins);
    }

    private static void positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be a positive number, was " + value);
        }
    }

    private static int integer(Map<String, String> env, String name, int fallback) {
        String v = blankToNull(env.get(name));
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, was '" + v + "'");
        }
    }

    private static List<String> list(String csv) {
        String v = blankToNull(csv);
        return v == null ? List.of() : java.util.Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
