package dev.engram.app;

import dev.engram.chat.ChatService;
import dev.engram.chat.ChatSettings;
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
import dev.engram.retrieval.E5Embedder;
import dev.engram.retrieval.Embedder;
import dev.engram.retrieval.HybridRetriever;
import dev.engram.retrieval.MemoryIndexes;
import dev.engram.retrieval.MiniLmEmbedder;
import dev.engram.retrieval.RetrievalMode;
import dev.engram.store.StoreFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

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
    private MemoryStore store;
    private Embedder embedder;
    private boolean embedderBuilt;
    private LlmClient llm;
    private MemoryIndexes indexes;
    private JobWorker worker;
    private ChatService chat;
    private RetrievedMemory relevantMemory;
    private final TokenCounter tokens = new TokenCounter();

    public Wiring(Config config, Clock clock, RetryPolicy retryPolicy) {
        this.config = config;
        this.clock = clock;
        this.retryPolicy = retryPolicy;
    }

    public Wiring(Config config) {
        this(config, Clock.systemUTC(), RetryPolicy.defaults());
    }

    public Config config() {
        return config;
    }

    public synchronized MemoryStore store() {
        if (store == null) {
            store = StoreFactory.open(config.dbUrl(), config.home(), clock);
        }
        return store;
    }

    /** The embedder, or null when ENGRAM_EMBEDDER=none. */
    public synchronized Embedder embedder() {
        if (!embedderBuilt) {
            embedder = switch (config.embedder()) {
                case "none" -> null;
                case "e5" -> new E5Embedder();
                default -> new MiniLmEmbedder();
            };
            embedderBuilt = true;
        }
        return embedder;
    }

    /** The model client; throws {@link MissingApiKeyException} without a key. */
    public synchronized LlmClient llm() {
        if (llm == null) {
            if (config.apiKey() == null) {
                throw new MissingApiKeyException();
            }
            llm = new AnthropicLlmClient(new AnthropicSettings(config.apiKey(), config.baseUrl(),
                    config.modelTimeout(), config.modelRetries()));
        }
        return llm;
    }

    public synchronized MemoryIndexes indexes() {
        if (indexes == null) {
            indexes = new MemoryIndexes(store());
        }
        return indexes;
    }

    /** A retriever over users' memory in the given mode. */
    public HybridRetriever retriever(RetrievalMode mode) {
        Embedder e = embedder();
        return new HybridRetriever(indexes(), e, e == null ? RetrievalMode.BM25 : mode);
    }

    /** What the chat loop shows of memory: pinned core facts and summaries plus hybrid search. */
    public synchronized RetrievedMemory relevantMemory() {
        if (relevantMemory == null) {
            relevantMemory = new RetrievedMemory(store(), retriever(RetrievalMode.HYBRID));
        }
        return relevantMemory;
    }

    public TokenCounter tokens() {
        return tokens;
    }

    public MemoryService memory() {
        return new MemoryService(store(), embedder(), clock);
    }

    public ExportFormat exportFormat() {
        return new ExportFormat();
    }

    /** The background worker running memory jobs; started on first use. */
    public synchronized JobWorker worker() {
        if (worker == null) {
            LlmClient model = llm();
            String memoryModel = config.memoryModel();
            ExtractionGate gate = new ExtractionGate();
            MemoryUpdater updater = new MemoryUpdater(store(),
                    new FactExtractor(model, memoryModel, Prompts.load("extract-system")),
                    new FactReviewer(model, memoryModel),
                    new Consolidator(model, memoryModel),
                    new Summarizer(model, memoryModel),
                    new StoreRules(),
                    (userText, reply) -> gate.mayHoldFacts(userText),
                    embedder(), tokens,
                    new SummaryPolicy(config.summariesKept(), config.summaryTokens()),
                    clock);
            Map<String, JobHandler> handlers = Map.of(
                    MemoryUpdater.EXTRACT, updater::extract,
                    MemoryUpdater.SUMMARIZE, updater::summarize);
            worker = new JobWorker(store().jobs(), handlers, retryPolicy, clock, config.workerThreads(),
                    "engram-worker-" + ProcessHandle.current().pid());
            worker.start();
        }
        return worker;
    }

    /** The chat loop; needs the model. */
    public synchronized ChatService chat() {
        if (chat == null) {
            LlmClient model = llm();
            JobWorker w = worker();
            ChatSettings settings = new ChatSettings(config.chatModel(),
                    new PromptBudget(config.memoryTokens(), config.historyTokens(), config.maxReplyTokens()),
                    24, config.maxMessageChars());
            chat = new ChatService(store(), model, new PromptAssembler(Prompts.load("chat-system"), tokens),
                    relevantMemory(), embedder(), settings, w::wake, clock);
        }
        return chat;
    }

    /**
     * Waits for pending memory work (up to {@code timeout}); returns how many jobs are still
     * outstanding (they stay queued and resume on the next start).
     */
    public synchronized int finishPendingWork(Duration timeout) {
        if (worker == null) {
            return 0;
        }
        worker.drain(timeout);
        return store().jobs().outstanding();
    }

    @Override
    public synchronized void close() {
        if (worker != null) {
            worker.close();
        }
        if (embedder instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot close the embedder", e);
            }
        }
        if (llm instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot close the model client", e);
            }
        }
        if (store != null) {
            store.close();
        }
    }
}
