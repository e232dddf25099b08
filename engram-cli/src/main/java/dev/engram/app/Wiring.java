package dev.engram.app;

import dev.engram.Engram;
import dev.engram.chat.ChatService;
import dev.engram.chat.MemoryPreview;
import dev.engram.chat.RetrievedMemory;
import dev.engram.curation.ExportFormat;
import dev.engram.curation.MemoryService;
import dev.engram.embedding.Embedder;
import dev.engram.extraction.ExtractionGate;
import dev.engram.jobs.JobWorker;
import dev.engram.jobs.RetryPolicy;
import dev.engram.llm.LlmClient;
import dev.engram.mcp.MemoryBackend;
import dev.engram.memory.MemoryStore;
import dev.engram.memory.TokenCounter;
import dev.engram.memory.UserId;
import dev.engram.memorytool.MemoryTool;
import dev.engram.retrieval.HybridRetriever;
import dev.engram.retrieval.MemoryIndexes;
import dev.engram.retrieval.RetrievalMode;
import dev.engram.server.ApiServer;
import dev.engram.server.McpAccess;
import dev.engram.server.ServerSettings;
import dev.engram.server.mem0.Mem0Api;
import dev.engram.store.JdbcMemoryStore;
import dev.engram.tenant.Tenant;
import dev.engram.tenant.TenantStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Builds Engram's object graph from a {@link Config}: the only place that calls {@code new} on
 * services. Parts are built on first use, so that a command that only reads memory needs no API
 * key and loads no embedding model. Close it to finish pending memory work and release the store.
 */
public final class Wiring implements AutoCloseable {
    private final Config config;
    private final Clock clock;
    private final Engram engram;

    /** What the terminal chat tells the model about its commands, so that it can point the user to them. */
    public static final String TERMINAL_CHAT_NOTE = "In this terminal chat the user can type /memory to see everything"
            + " stored, /forget to remove an item and /incognito to stop recording.";

    public Wiring(Config config, Clock clock, RetryPolicy retryPolicy) {
        this(config, clock, retryPolicy, null, null);
    }

    /** The graph for the terminal chat, whose model may point the user to its slash commands. */
    public static Wiring forTerminalChat(Config config) {
        return new Wiring(config, Clock.systemUTC(), retryPolicy(config), null, TERMINAL_CHAT_NOTE);
    }

    public Wiring(Config config) {
        this(config, Clock.systemUTC(), retryPolicy(config));
    }

    /**
     * The graph of {@link #Wiring(Config)} with {@code model} in place of the Anthropic client, for
     * the load benchmark's in-process fake model; no API key is needed.
     */
    public static Wiring withModel(Config config, LlmClient model) {
        return new Wiring(config, Clock.systemUTC(), retryPolicy(config), java.util.Objects.requireNonNull(model, "model"), null);
    }

    private Wiring(Config config, Clock clock, RetryPolicy retryPolicy, LlmClient model, String chatNote) {
        this.config = config;
        this.clock = clock;
        Engram.Builder b = Engram.builder()
                .database(config.dbUrl())
                .home(config.home())
                .storeOption("sqlite.synchronous", config.storeOptions().sqliteSync().name().toLowerCase(java.util.Locale.ROOT))
                .modelTimeout(config.modelTimeout(), config.modelRetries())
                .embedder(config.embedder())
                .settings(new Engram.Settings(config.chatModel(), config.memoryModel(), config.memoryTokens(),
                        config.historyTokens(), config.maxReplyTokens(), config.summariesKept(), config.summaryTokens(),
                        config.maxMessageChars(), config.idleTimeout(), Engram.Settings.defaults().maxLiveSessions(),
                        config.workerThreads(), Engram.Settings.defaults().indexCacheBytes()))
                .clock(clock)
                .retryPolicy(retryPolicy)
                .chatNote(chatNote);
        if (model != null) {
            b.llm(model);
        } else if (config.apiKey() != null) {
            b.anthropic(config.apiKey(), config.baseUrl());
        }
        this.engram = b.build();
    }

    private static RetryPolicy retryPolicy(Config config) {
        RetryPolicy d = RetryPolicy.defaults();
        return new RetryPolicy(d.maxAttempts(), d.baseDelay(), d.maxDelay(), config.jobLease());
    }

    public Config config() {
        return config;
    }

    /** The library entry point every part below comes from. */
    public Engram engram() {
        return engram;
    }

    public MemoryStore store() {
        return engram.store();
    }

    /** API tenants and keys, in the memory store's database. */
    public TenantStore tenants() {
        if (engram.store() instanceof JdbcMemoryStore jdbc) {
            return jdbc.tenants();
        }
        throw new IllegalStateException("API tenants live in the SQL stores of engram-jdbc; this store is "
                + engram.store().getClass().getName());
    }

    /** The API tenant with this name, for the CLI's {@code --tenant}; empty if there is none. */
    public Optional<Tenant> tenantNamed(String name) {
        return tenants().tenantNamed(name);
    }

    /**
     * The HTTP API over the chat loop, memory and tenants, with the mem0-compatible routes beside
     * Engram's own, and MCP at {@code /mcp}.
     */
    public ApiServer apiServer(ServerSettings settings) {
        ChatService chatService = chat();
        JobWorker w = worker();
        Mem0Api mem0 = new Mem0Api(memory(), store(), retriever(RetrievalMode.HYBRID), w::wake, config.maxMessageChars(),
                clock);
        return new ApiServer(chatService, memory(), store().jobs(), tenants(), settings, clock, List.of(mem0),
                new McpAccess(mcpBackend(), config.mcpAllowedHosts(), config.mcpAllowedOrigins()));
    }

    /** The embedder, or null when ENGRAM_EMBEDDER=none. */
    public Embedder embedder() {
        return engram.embedder();
    }

    /**
     * The embedder in use, "minilm", "e5" or "none": ENGRAM_EMBEDDER when set, else the model the
     * database was embedded with, else e5. Loads the embedder when it is not loaded yet.
     */
    public String embedderName() {
        return engram.embedderName();
    }

    /**
     * The extraction gate for the configured embedder: trained weights when the embedder has them,
     * else word features, with a warning in the log.
     */
    public ExtractionGate gate() {
        return engram.gate();
    }

    /** The model client; throws {@link Engram.MissingApiKeyException} without a key. */
    public LlmClient llm() {
        return engram.llm();
    }

    public MemoryIndexes indexes() {
        return engram.indexes();
    }

    /** A retriever over users' memory in the given mode (BM25 only when there is no embedder). */
    public HybridRetriever retriever(RetrievalMode mode) {
        return engram.retriever(mode);
    }

    /** What the chat loop shows of memory: pinned core facts and summaries plus hybrid search. */
    public RetrievedMemory relevantMemory() {
        return engram.relevantMemory();
    }

    public TokenCounter tokens() {
        return engram.tokens();
    }

    public MemoryService memory() {
        return engram.memoryService();
    }

    public ExportFormat exportFormat() {
        return new ExportFormat();
    }

    /**
     * Claude's memory tool over {@code user}'s memory files (hand it to the Anthropic SDK with
     * {@code llm.anthropic.AnthropicMemoryToolHandler}); the embedder loads on the first write.
     */
    public MemoryTool memoryTool(UserId user) {
        return new MemoryTool(store().files(), this::embedder, user);
    }

    /** The background worker running memory jobs; started on first use. */
    public JobWorker worker() {
        return engram.worker();
    }

    /** The chat loop; needs the model. */
    public ChatService chat() {
        return engram.chatService();
    }

    /**
     * The memory block the chat would send for a message, built without the model (no API key is
     * needed); loads the embedder on first use.
     */
    public MemoryPreview memoryPreview() {
        return engram.memoryPreview();
    }

    /** What the MCP tools use: memory, the chat's hybrid retriever and its memory block; no model, no API key. */
    public MemoryBackend mcpBackend() {
        return new MemoryBackend(memory(), () -> retriever(RetrievalMode.HYBRID), this::memoryPreview);
    }

    /** See {@link Engram#warmUpChat}. */
    public CompletableFuture<ChatService> warmUpChat() {
        return engram.warmUpChat();
    }

    /**
     * Waits for pending memory work, up to {@code timeout} and only while the model server can be
     * reached (see {@link JobWorker#drain}). What is left stays queued and resumes on the next start.
     */
    public Engram.PendingWork finishPendingWork(Duration timeout) {
        return engram.finishPendingWork(timeout);
    }

    @Override
    public void close() {
        engram.close();
    }
}
