package dev.engram.app;

import dev.engram.chat.ChatService;
import dev.engram.chat.ChatSettings;
import dev.engram.chat.MemoryPreview;
import dev.engram.chat.PromptAssembler;
import dev.engram.chat.PromptBudget;
import dev.engram.chat.Prompts;
import dev.engram.chat.RetrievedMemory;
import dev.engram.jobs.JobHandler;
import dev.engram.jobs.JobWorker;
import dev.engram.jobs.RetryPolicy;
import dev.engram.llm.LlmClient;
import dev.engram.llm.anthropic.AnthropicLlmClient;
import dev.engram.llm.anthropic.AnthropicSettings;
import dev.engram.mcp.MemoryBackend;
import dev.engram.memory.Consolidator;
import dev.engram.memory.ExportFormat;
import dev.engram.memory.ExtractionGate;
import dev.engram.memory.FactExtractor;
import dev.engram.memory.FactReviewer;
import dev.engram.memory.MemoryService;
import dev.engram.memory.MemoryStore;
import dev.engram.memory.MemoryUpdater;
import dev.engram.memory.StoreRules;
import dev.engram.memory.Summarizer;
import dev.engram.memory.SummaryPolicy;
import dev.engram.memory.TokenCounter;
import dev.engram.memory.UserId;
import dev.engram.memorytool.MemoryTool;
import dev.engram.embeddings.E5Embedder;
import dev.engram.embedding.Embedder;
import dev.engram.retrieval.HybridRetriever;
import dev.engram.retrieval.MemoryIndexes;
import dev.engram.embeddings.MiniLmEmbedder;
import dev.engram.retrieval.RetrievalMode;
import dev.engram.server.ApiServer;
import dev.engram.server.McpAccess;
import dev.engram.server.ServerSettings;
import dev.engram.server.mem0.Mem0Api;
import dev.engram.store.JdbcMemoryStore;
import dev.engram.store.StoreFactory;
import dev.engram.tenant.Tenant;
import dev.engram.tenant.TenantStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Builds Engram's object graph from a {@link Config}: the only place that calls {@code new} on
 * services. Parts are built on first use, so that a command that only reads memory needs no API
 * key and loads no embedding model. Close it to finish pending memory work and release the store.
 */
public final class Wiring implements AutoCloseable {
    /** Thrown when a command needs the model but no API key is configured. */
    public static final class MissingApiKeyException extends IllegalStateException {
        public MissingApiKeyException() {
            super("ANTHROPIC_API_KEY is not set: export your Anthropic API key as ANTHROPIC_API_KEY "
                    + "(and ANTHROPIC_BASE_URL to use another endpoint that speaks the Messages API)");
        }
    }

    private final Config config;
    private final Clock clock;
    private final RetryPolicy retryPolicy;
    private final TokenCounter tokens = new TokenCounter();
    private final Lazy<JdbcMemoryStore> store;
    private final Lazy<Optional<Embedder>> embedder;
    private volatile String embedderName;
    private final Lazy<LlmClient> llm;
    private final Lazy<MemoryIndexes> indexes;
    private final Lazy<RetrievedMemory> relevantMemory;
    private final Lazy<JobWorker> worker;
    private final Lazy<ChatService> chat;

    public Wiring(Config config, Clock clock, RetryPolicy retryPolicy) {
        this(config, clock, retryPolicy, null);
    }

    public Wiring(Config config) {
        this(config, Clock.systemUTC(), retryPolicy(config));
    }

    /**
     * The graph of {@link #Wiring(Config)} with {@code model} in place of the Anthropic client, for
     * the load benchmark's in-process fake model; no API key is needed.
     */
    public static Wiring withModel(Config config, LlmClient model) {
        return new Wiring(config, Clock.systemUTC(), retryPolicy(config), java.util.Objects.requireNonNull(model, "model"));
    }

    private Wiring(Config config, Clock clock, RetryPolicy retryPolicy, LlmClient model) {
        this.config = config;
        this.clock = clock;
        this.retryPolicy = retryPolicy;
        this.store = new Lazy<>(() -> StoreFactory.open(config.dbUrl(), config.home(), clock, config.storeOptions()));
        this.embedder = new Lazy<>(this::buildEmbedder);
        this.llm = model != null ? new Lazy<>(() -> model) : new Lazy<>(this::buildLlm);
        this.indexes = new Lazy<>(() -> new MemoryIndexes(store()));
        this.relevantMemory = new Lazy<>(() -> new RetrievedMemory(store(), retriever(RetrievalMode.HYBRID)));
        this.worker = new Lazy<>(this::buildWorker);
        this.chat = new Lazy<>(this::buildChat);
    }

    private static RetryPolicy retryPolicy(Config config) {
        RetryPolicy d = RetryPolicy.defaults();
        return new RetryPolicy(d.maxAttempts(), d.baseDelay(), d.maxDelay(), config.jobLease());
    }

    public Config config() {
        return config;
    }

    public MemoryStore store() {
        return store.get();
    }

    /** API tenants and keys, in the memory store's database. */
    public TenantStore tenants() {
        return store.get().tenants();
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
        return embedder.get().orElse(null);
    }

    private Optional<Embedder> buildEmbedder() {
        String wanted = config.embedder();
        if ("none".equals(wanted)) {
            return Optional.empty();
        }
        if (Config.AUTO_EMBEDDER.equals(wanted)) {
            // Unset: the database's model decides, so read it before loading anything.
            String stored = store().pinEmbeddingModel(Config.DEFAULT_EMBEDDER);
            requireKnown(stored);
            embedderName = stored;
            return Optional.of(load(stored));
        }
        // The model loads while the store opens on another thread; the check needs both.
        Embedder model = load(wanted);
        String stored = store().pinEmbeddingModel(wanted);
        if (!stored.equals(wanted)) {
            closeQuietly(model);
            requireKnown(stored);
            throw new IllegalArgumentException("the memory in this database was embedded with '" + stored
                    + "', not '" + wanted + "': set ENGRAM_EMBEDDER=" + stored + ", leave it unset, or start a new database");
        }
        embedderName = wanted;
        return Optional.of(model);
    }

    private static void requireKnown(String stored) {
        if (!Config.EMBEDDERS.contains(stored)) {
            throw new IllegalArgumentException("the memory in this database was embedded with '" + stored
                    + "', a model this version of Engram does not have: start a new database (ENGRAM_HOME or ENGRAM_DB_URL)");
        }
    }

    private static Embedder load(String name) {
        return "minilm".equals(name) ? new MiniLmEmbedder() : new E5Embedder();
    }

    private static void closeQuietly(Embedder model) {
        if (!(model instanceof AutoCloseable c)) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            // the model is being discarded after a configuration error, which is what the user sees
        }
    }

    /**
     * The embedder in use, "minilm", "e5" or "none": ENGRAM_EMBEDDER when set, else the model the
     * database was embedded with, else e5. Loads the embedder when it is not loaded yet.
     */
    public String embedderName() {
        embedder();
        String name = embedderName;
        return name == null ? "none" : name;
    }

    /**
     * The extraction gate for the configured embedder: trained weights when the embedder has them,
     * else word features, with a warning in the log.
     */
    public ExtractionGate gate() {
        return ExtractionGate.forEmbedder(embedderName());
    }

    /** The model client; throws {@link MissingApiKeyException} without a key. */
    public LlmClient llm() {
        return llm.get();
    }

    private LlmClient buildLlm() {
        if (config.apiKey() == null) {
            throw new MissingApiKeyException();
        }
        return new AnthropicLlmClient(new AnthropicSettings(config.apiKey(), config.baseUrl(),
                config.modelTimeout(), config.modelRetries()));
    }

    public MemoryIndexes indexes() {
        return indexes.get();
    }

    /** A retriever over users' memory in the given mode (BM25 only when there is no embedder). */
    public HybridRetriever retriever(RetrievalMode mode) {
        Embedder e = embedder();
        return new HybridRetriever(indexes(), e, e == null ? RetrievalMode.BM25 : mode);
    }

    /** What the chat loop shows of memory: pinned core facts and summaries plus hybrid search. */
    public RetrievedMemory relevantMemory() {
        return relevantMemory.get();
    }

    public TokenCounter tokens() {
        return tokens;
    }

    public MemoryService memory() {
        return MemoryService.withLazyEmbedder(store(), this::embedder, clock);
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
        return worker.get();
    }

    private Consolidator consolidator(LlmClient model, String memoryModel) {
        Embedder e = embedder();
        return e == null ? new Consolidator(model, memoryModel) : new Consolidator(model, memoryModel, e.neighbourCosine());
    }

    private JobWorker buildWorker() {
        LlmClient model = llm();
        String memoryModel = config.memoryModel();
        ExtractionGate gate = gate();
        MemoryUpdater updater = new MemoryUpdater(store(),
                new FactExtractor(model, memoryModel, Prompts.load("extract-system")),
                new FactReviewer(model, memoryModel),
                consolidator(model, memoryModel),
                new Summarizer(model, memoryModel),
                new StoreRules(),
                gate::mayHoldFacts,
                embedder(), tokens,
                new SummaryPolicy(config.summariesKept(), config.summaryTokens()),
                clock);
        Map<String, JobHandler> handlers = Map.of(
                MemoryUpdater.EXTRACT, updater::extract,
                MemoryUpdater.SUMMARIZE, updater::summarize);
        JobWorker w = new JobWorker(store().jobs(), handlers, retryPolicy, clock, config.workerThreads(),
                "engram-worker-" + ProcessHandle.current().pid());
        w.start();
        return w;
    }

    /** The chat loop; needs the model. */
    public ChatService chat() {
        return chat.get();
    }

    private ChatService buildChat() {
        JobWorker w = worker();
        return new ChatService(store(), llm(), assembler(), relevantMemory(), embedder(), chatSettings(), w::wake, clock);
    }

    /**
     * The memory block the chat would send for a message, built without the model (no API key is
     * needed); loads the embedder on first use.
     */
    public MemoryPreview memoryPreview() {
        return new MemoryPreview(relevantMemory(), assembler(), embedder(), chatSettings());
    }

    /** What the MCP tools use: memory, the chat's hybrid retriever and its memory block; no model, no API key. */
    public MemoryBackend mcpBackend() {
        return new MemoryBackend(memory(), () -> retriever(RetrievalMode.HYBRID), this::memoryPreview);
    }

    private ChatSettings chatSettings() {
        return new ChatSettings(config.chatModel(),
                new PromptBudget(config.memoryTokens(), config.historyTokens(), config.maxReplyTokens()),
                24, config.maxMessageChars());
    }

    private PromptAssembler assembler() {
        return new PromptAssembler(Prompts.load("chat-system"), tokens);
    }

    /**
     * Builds the chat loop's parts on background threads, in parallel where they are independent
     * (the store and its migrations, the embedding model, the SDK client), so that a chat can show
     * its prompt before they are ready. The future completes with the chat service.
     */
    public CompletableFuture<ChatService> warmUpChat() {
        // Own threads: the common pool has a single worker on a 2-core machine, which would build the parts one by one.
        ExecutorService starters = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "engram-start");
            t.setDaemon(true);
            return t;
        });
        CompletableFuture<Void> client = CompletableFuture.runAsync(this::llm, starters);
        // Warms the SDK's HTTP and JSON path as soon as the client exists, alongside the slower parts;
        // not waited for, so a slow or unreachable model server does not hold up the chat's start.
        client.thenRunAsync(() -> llm().warmUp(config.chatModel()), starters);
        CompletableFuture<?> parts = CompletableFuture.allOf(
                CompletableFuture.runAsync(this::store, starters),
                CompletableFuture.runAsync(this::embedder, starters),
                client);
        CompletableFuture<ChatService> ready = parts.thenApplyAsync(ignored -> chat(), starters);
        ready.whenComplete((chatService, error) -> starters.shutdown());
        return ready;
    }

    /**
     * Waits for pending memory work, up to {@code timeout} and only while the model server can be
     * reached (see {@link JobWorker#drain}). What is left stays queued and resumes on the next start.
     */
    public PendingWork finishPendingWork(Duration timeout) {
        JobWorker w = worker.ifBuilt();
        if (w == null) {
            return new PendingWork(store.ifBuilt() == null ? 0 : store().jobs().outstanding(), false);
        }
        long unreachableBefore = w.unreachableFailures();
        w.drain(timeout);
        return new PendingWork(store().jobs().outstanding(), w.unreachableFailures() != unreachableBefore);
    }

    /** Memory work left queued after {@link #finishPendingWork}: how many jobs, and whether the model server was unreachable. */
    public record PendingWork(int jobs, boolean modelUnreachable) {}

    @Override
    public void close() {
        JobWorker w = worker.ifBuilt();
        if (w != null) {
            w.close();
        }
        Optional<Embedder> built = embedder.ifBuilt();
        if (built != null && built.orElse(null) instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot close the embedder", e);
            }
        }
        if (llm.ifBuilt() instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot close the model client", e);
            }
        }
        MemoryStore st = store.ifBuilt();
        if (st != null) {
            st.close();
        }
    }
}
