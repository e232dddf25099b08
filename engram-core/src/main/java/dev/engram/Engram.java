package dev.engram;

import dev.engram.chat.ChatService;
import dev.engram.chat.ChatSession;
import dev.engram.chat.ChatSettings;
import dev.engram.chat.LiveSessions;
import dev.engram.chat.MemoryBlock;
import dev.engram.chat.MemoryPreview;
import dev.engram.chat.PromptAssembler;
import dev.engram.chat.PromptBudget;
import dev.engram.chat.Prompts;
import dev.engram.chat.RetrievedMemory;
import dev.engram.chat.TurnResult;
import dev.engram.curation.MemoryService;
import dev.engram.embedding.Embedder;
import dev.engram.extraction.Consolidator;
import dev.engram.extraction.ExtractionGate;
import dev.engram.extraction.FactExtractor;
import dev.engram.extraction.FactReviewer;
import dev.engram.extraction.MemoryUpdater;
import dev.engram.extraction.StoreRules;
import dev.engram.extraction.Summarizer;
import dev.engram.extraction.SummaryPolicy;
import dev.engram.jobs.JobHandler;
import dev.engram.jobs.JobWorker;
import dev.engram.jobs.RetryPolicy;
import dev.engram.llm.LlmClient;
import dev.engram.memory.MemoryStore;
import dev.engram.memory.SessionId;
import dev.engram.memory.StorableText;
import dev.engram.memory.TokenCounter;
import dev.engram.memory.Turn;
import dev.engram.memory.UserId;
import dev.engram.retrieval.HybridRetriever;
import dev.engram.retrieval.MemoryIndexes;
import dev.engram.retrieval.RetrievalMode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A remembering chatbot: the one entry point of Engram, for applications that embed it and for
 * Engram's own CLI and server.
 *
 * <pre>{@code
 * try (Engram engram = Engram.builder().sqlite(Path.of("memory.db")).anthropic(apiKey).build()) {
 *     Engram.Reply reply = engram.chat("alice", "I moved to Leeds last week");
 *     System.out.println(reply.text());
 *     engram.memory("alice").view().facts().forEach(System.out::println);
 * }
 * }</pre>
 *
 * <p>{@link #chat} runs a turn: the user's memory goes into the prompt, Claude answers, and the
 * exchange is queued for extraction by a background worker, off the reply path. Applications that
 * call a model themselves use the two halves: {@link #memoryFor} (the memory block for a message,
 * no model call) and {@link #recordExchange} (log a message and its reply, queue extraction).
 * {@link #memory} shows, edits, exports and erases what is remembered about a user.
 *
 * <p>Parts are built on first use: reading memory needs no API key and loads no embedding model.
 * A user's sessions end after the idle timeout (their summary is queued) or on {@link
 * #endSession}; so do the conversations an application records itself, or on {@link
 * #endConversation}. Thread safe; close it to finish the memory work in hand and release the store.
 */
public final class Engram implements AutoCloseable {
    private final Settings settings;
    private final Clock clock;
    private final RetryPolicy retryPolicy;
    private final String chatNote;
    private final TokenCounter tokens = new TokenCounter();
    private final Lazy<MemoryStore> store;
    private final Lazy<Optional<Embedder>> embedder;
    private volatile String embedderName;
    private final Lazy<LlmClient> llm;
    private final Lazy<MemoryIndexes> indexes;
    private final Lazy<RetrievedMemory> relevantMemory;
    private final Lazy<JobWorker> worker;
    private final Lazy<ChatService> chat;
    private final Lazy<PromptAssembler> assembler;
    private final Lazy<MemoryPreview> preview;
    private final Lazy<LiveSessions> sessions;
    // Conversations an application records itself (recordExchange and friends): kept apart from the chat's
    // sessions, so that chat() never continues one, but ended and summarized by the same rules.
    private final Lazy<LiveSessions> conversations;
    private final Lazy<ScheduledExecutorService> idleTimer;

    private Engram(Builder b, Supplier<MemoryStore> storeOf, Supplier<LlmClient> llmOf) {
        this.settings = b.settings();
        this.clock = b.clock;
        this.retryPolicy = b.retryPolicy;
        this.chatNote = b.chatNote;
        this.store = new Lazy<>(storeOf);
        this.embedder = new Lazy<>(() -> buildEmbedder(b));
        this.llm = new Lazy<>(llmOf);
        this.indexes = new Lazy<>(() -> new MemoryIndexes(store(), settings.indexCacheBytes()));
        this.relevantMemory = new Lazy<>(() -> new RetrievedMemory(store(), retriever(RetrievalMode.HYBRID)));
        this.worker = new Lazy<>(this::buildWorker);
        this.chat = new Lazy<>(this::buildChat);
        this.assembler = new Lazy<>(this::buildAssembler);
        this.preview = new Lazy<>(() -> new MemoryPreview(relevantMemory(), assembler.get(), embedder(), chatSettings()));
        this.sessions = new Lazy<>(() -> new LiveSessions(chatService(), clock, settings.idleTimeout(), settings.maxLiveSessions()));
        this.conversations = new Lazy<>(() -> new LiveSessions(chatService(), clock, settings.idleTimeout(),
                settings.maxLiveSessions()));
        this.idleTimer = new Lazy<>(() -> LiveSessions.sweepIdle(settings.idleTimeout(), sessions(), conversations()));
    }

    /** A builder with the CLI's defaults: SQLite in {@code ~/.engram}, e5 embeddings, Claude Sonnet for chat, Haiku for memory. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The settings of an Engram, with the CLI's defaults.
     *
     * @param chatModel the model that answers the user
     * @param memoryModel the cheaper model that extracts, consolidates and summarizes memory
     * @param memoryTokens the token budget of the memory block in each prompt
     * @param historyTokens the token budget of the session's earlier messages in each prompt
     * @param maxReplyTokens the longest reply asked of the model
     * @param summariesKept how many session summaries are kept apart before older ones are folded
     * @param summaryTokens the token budget of a folded long-term summary
     * @param maxMessageChars the longest message accepted
     * @param idleTimeout a session idle for longer is ended and summarized
     * @param maxLiveSessions how many sessions are kept live at most; the least recently used is ended first
     * @param workerThreads threads of the background memory worker
     * @param indexCacheBytes the bound of the per-user search index cache, in approximate bytes
     */
    public record Settings(String chatModel, String memoryModel, int memoryTokens, int historyTokens, int maxReplyTokens,
                           int summariesKept, int summaryTokens, int maxMessageChars, Duration idleTimeout,
                           int maxLiveSessions, int workerThreads, long indexCacheBytes) {
        public static final String DEFAULT_CHAT_MODEL = "claude-sonnet-4-6";
        public static final String DEFAULT_MEMORY_MODEL = "claude-haiku-4-5-20251001";

        public Settings {
            Objects.requireNonNull(chatModel, "chatModel");
            Objects.requireNonNull(memoryModel, "memoryModel");
            Objects.requireNonNull(idleTimeout, "idleTimeout");
            for (int n : new int[] {memoryTokens, historyTokens, maxReplyTokens, summariesKept, summaryTokens, maxMessageChars,
                    maxLiveSessions, workerThreads}) {
                if (n < 1) {
                    throw new IllegalArgumentException("Engram settings must be positive numbers: " + this);
                }
            }
            if (idleTimeout.isNegative() || idleTimeout.isZero() || indexCacheBytes < 1) {
                throw new IllegalArgumentException("the idle timeout and the index cache bound must be positive: " + this);
            }
        }

        /** The defaults of {@code engram chat}. */
        public static Settings defaults() {
            return new Settings(DEFAULT_CHAT_MODEL, DEFAULT_MEMORY_MODEL, 400, 3000, 1024, 3, 600, 20_000,
                    Duration.ofMinutes(30), 10_000, 1, MemoryIndexes.DEFAULT_MAX_BYTES);
        }
    }

    /** The reply of a turn: its text, the session it belongs to, and the memory that went into its prompt. */
    public record Reply(String text, String sessionId, TurnResult turn) {
        /** The references of the memory items in the prompt ({@code #12}, {@code s3}, ...). */
        public List<String> memoryUsed() {
            return turn.memoryUsed().stream().map(c -> c.ref()).toList();
        }
    }

    /**
     * Runs a turn in the user's current session (a new one after the idle timeout): the reply, once
     * complete. Memory work for it runs later, in the background.
     *
     * @throws IllegalArgumentException when the user id or message is not acceptable (nothing is stored)
     * @throws dev.engram.llm.LlmException when the model fails; the message stays in the turn log
     */
    public Reply chat(String userId, String message) {
        return chat(userId, message, text -> {});
    }

    /** As {@link #chat(String, String)}, passing reply text to {@code onText} as it streams. */
    public Reply chat(String userId, String message, Consumer<String> onText) {
        UserId user = UserId.of(userId);
        idleTimer.get();
        ChatSession session = sessions().current(user);
        synchronized (session) {
            TurnResult result = chatService().send(session, message, onText);
            return new Reply(result.reply(), session.id().value(), result);
        }
    }

    /** Ends the user's current session, if one is live; its summary is queued. */
    public void endSession(String userId) {
        sessions().endUser(UserId.of(userId));
    }

    /**
     * The memory block Engram would put into the prompt for {@code message} (what an application
     * calling its own model adds to its system prompt); no model is called and nothing is stored.
     */
    public MemoryBlock memoryFor(String userId, String message) {
        return memoryPreview().memoryBlock(UserId.of(userId), message);
    }

    /**
     * Records an exchange the application had with its own model, in conversation {@code
     * conversationId}: both turns go into the turn log and extraction is queued.
     *
     * @return the stored turns, the user's first
     */
    public List<Turn> recordExchange(String userId, String conversationId, String message, String reply) {
        UserId user = UserId.of(userId);
        SessionId conversation = new SessionId(conversationId);
        List<Turn> stored = chatService().recordExchange(user, conversation, message, reply);
        recorded(user, conversation);
        return stored;
    }

    /** Records a user's message in conversation {@code conversationId} before the application's model answers it. */
    public Turn recordMessage(String userId, String conversationId, String message) {
        UserId user = UserId.of(userId);
        SessionId conversation = new SessionId(conversationId);
        Turn stored = chatService().recordMessage(user, conversation, message);
        recorded(user, conversation);
        return stored;
    }

    /** Records the reply to a message stored with {@link #recordMessage}, and queues extraction of that exchange. */
    public Turn recordReply(String userId, String conversationId, long userTurnId, String reply) {
        UserId user = UserId.of(userId);
        SessionId conversation = new SessionId(conversationId);
        Turn stored = chatService().recordReply(user, conversation, userTurnId, reply);
        recorded(user, conversation);
        return stored;
    }

    /** Records an assistant message that answers no recorded user message; nothing is extracted from it. */
    public Turn recordAssistantMessage(String userId, String conversationId, String text) {
        UserId user = UserId.of(userId);
        SessionId conversation = new SessionId(conversationId);
        Turn stored = chatService().recordAssistantMessage(user, conversation, text);
        recorded(user, conversation);
        return stored;
    }

    /** An application's conversation had a write: it now ends after the idle timeout, with its summary, like a chat session. */
    private void recorded(UserId user, SessionId conversation) {
        idleTimer.get();
        conversations.get().recorded(user, conversation);
    }

    /**
     * As {@link #memoryFor(String, String)} for a message of conversation {@code conversationId}:
     * the conversation's own turns are left out of retrieval, since the application sends them anyway.
     */
    public MemoryBlock memoryFor(String userId, String conversationId, String message) {
        return memoryPreview().memoryBlock(UserId.of(userId), new SessionId(conversationId), message);
    }

    /**
     * Ends a conversation recorded with {@link #recordExchange} or {@link #recordMessage}: its
     * summary is queued (when it has turns). Returns whether a summary was queued.
     */
    public boolean endConversation(String userId, String conversationId) {
        UserId user = UserId.of(userId);
        SessionId conversation = new SessionId(conversationId);
        if (conversations.get().end(user, conversation)) {
            return true;
        }
        return chatService().endConversation(user, conversation);
    }

    /** The conversations applications record themselves, with the same lifecycle as {@link #sessions()}. */
    public LiveSessions conversations() {
        return conversations.get();
    }

    /** The turns of one conversation, oldest first, as the turn log holds them. */
    public List<Turn> conversation(String userId, String conversationId) {
        return store().sessionTurns(UserId.of(userId), new SessionId(conversationId));
    }

    /** What Engram knows about a user, to view, add to, edit, forget, export and erase. */
    public UserMemory memory(String userId) {
        return new UserMemory(memoryService(), UserId.of(userId), liveSessions());
    }

    // ---- the parts, for Engram's CLI and server and for applications that need more

    public Settings settings() {
        return settings;
    }

    public Clock clock() {
        return clock;
    }

    public MemoryStore store() {
        return store.get();
    }

    /** The embedder, or null when embeddings are off. */
    public Embedder embedder() {
        return embedder.get().orElse(null);
    }

    /** The embedder in use ("e5", "minilm", a custom one's class name) or "none"; loads it when not loaded yet. */
    public String embedderName() {
        embedder();
        String name = embedderName;
        return name == null ? "none" : name;
    }

    /** The model client; throws when none was configured. */
    public LlmClient llm() {
        return llm.get();
    }

    public TokenCounter tokens() {
        return tokens;
    }

    public MemoryIndexes indexes() {
        return indexes.get();
    }

    /** A retriever over users' memory in the given mode (BM25 only when there is no embedder). */
    public HybridRetriever retriever(RetrievalMode mode) {
        Embedder e = embedder();
        return new HybridRetriever(indexes(), e, e == null ? RetrievalMode.BM25 : mode);
    }

    /** What the chat shows of memory: pinned core facts and summaries plus hybrid search. */
    public RetrievedMemory relevantMemory() {
        return relevantMemory.get();
    }

    public MemoryService memoryService() {
        return MemoryService.withLazyEmbedder(store(), this::embedder, clock);
    }

    /** The extraction gate for the embedder in use. */
    public ExtractionGate gate() {
        return ExtractionGate.forEmbedder(embedderName());
    }

    /** The background worker running memory jobs; started on first use (needs the model). */
    public JobWorker worker() {
        return worker.get();
    }

    /** The chat loop; needs the model. */
    public ChatService chatService() {
        return chat.get();
    }

    /** The live sessions and their lifecycle. */
    public LiveSessions sessions() {
        return sessions.get();
    }

    /** The memory block for a message without the model (no API key needed). */
    public MemoryPreview memoryPreview() {
        return preview.get();
    }

    /**
     * Builds the chat's parts on background threads, in parallel where they are independent (the
     * store and its migrations, the embedding model, the model client), so that a chat can show its
     * prompt before they are ready. The future completes with the chat service.
     */
    public CompletableFuture<ChatService> warmUpChat() {
        // Own threads: the common pool has a single worker on a 2-core machine, which would build the parts one by one.
        ExecutorService starters = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "engram-start");
            t.setDaemon(true);
            return t;
        });
        CompletableFuture<Void> client = CompletableFuture.runAsync(this::llm, starters);
        // Warms the client's HTTP and JSON path as soon as it exists; not waited for, so a slow model server does not hold up the start.
        client.thenRunAsync(() -> llm().warmUp(settings.chatModel()), starters);
        CompletableFuture<?> parts = CompletableFuture.allOf(
                CompletableFuture.runAsync(this::store, starters),
                CompletableFuture.runAsync(this::embedder, starters),
                // The index cache (Caffeine's classes and the first cache) right after the store, while the model loads.
                CompletableFuture.runAsync(this::indexes, starters),
                client);
        CompletableFuture<ChatService> ready = parts.thenApplyAsync(ignored -> chatService(), starters);
        ready.whenComplete((chatService, error) -> starters.shutdown());
        return ready;
    }

    /** Memory work left queued after {@link #finishPendingWork}: how many jobs, and whether the model server was unreachable. */
    public record PendingWork(int jobs, boolean modelUnreachable) {}

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

    /** Ends the live sessions (summaries queued), stops the worker, and closes the model, embedder and store. */
    @Override
    public void close() {
        ScheduledExecutorService timer = idleTimer.ifBuilt();
        if (timer != null) {
            // Let a sweep under way finish enqueueing its summaries before the store closes.
            timer.shutdown();
            try {
                timer.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (LiveSessions live : liveSessions()) {
            live.endAll();
        }
        Optional<Embedder> built = embedder.ifBuilt();
        // Each part is closed even when one before it fails; the first failure is thrown, the rest added to it.
        EngramException failure = null;
        for (Object part : new Object[] {worker.ifBuilt(), built == null ? null : built.orElse(null), llm.ifBuilt(),
                store.ifBuilt()}) {
            try {
                closeIfCloseable(part);
            } catch (EngramException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** The live sessions and conversations built so far (none is built just to be closed or cleaned). */
    private LiveSessions[] liveSessions() {
        return java.util.stream.Stream.of(sessions.ifBuilt(), conversations.ifBuilt()).filter(Objects::nonNull)
                .toArray(LiveSessions[]::new);
    }

    private static void closeIfCloseable(Object part) {
        if (part instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                throw new EngramException("cannot close " + part.getClass().getSimpleName() + ": " + e.getMessage(), e);
            }
        }
    }

    private Optional<Embedder> buildEmbedder(Builder b) {
        if (b.embedder != null) {
            embedderName = b.embedder.getClass().getSimpleName();
            return Optional.of(b.embedder);
        }
        String wanted = b.embedderName;
        if ("none".equals(wanted)) {
            return Optional.empty();
        }
        if (Builder.AUTO_EMBEDDER.equals(wanted)) {
            // Unset: the database's model decides, so read it before loading anything.
            String stored = store().pinEmbeddingModel(Builder.DEFAULT_EMBEDDER);
            Embedder model = Providers.embedder(stored);
            embedderName = stored;
            return Optional.of(model);
        }
        // The model loads while the store opens on another thread; the check needs both.
        Embedder model = Providers.embedder(wanted);
        String stored = store().pinEmbeddingModel(wanted);
        if (!stored.equals(wanted)) {
            try {
                closeIfCloseable(model);
            } catch (EngramException e) {
                // the model is discarded after a configuration error, which is what the user sees
            }
            Providers.requireRecordedEmbedder(stored);
            throw new IllegalArgumentException("the memory in this database was embedded with '" + stored
                    + "', not '" + wanted + "': set ENGRAM_EMBEDDER=" + stored + ", leave it unset, or start a new database");
        }
        embedderName = wanted;
        return Optional.of(model);
    }

    private JobWorker buildWorker() {
        LlmClient model = llm();
        String memoryModel = settings.memoryModel();
        ExtractionGate gate = gate();
        Embedder e = embedder();
        MemoryUpdater updater = new MemoryUpdater(store(),
                new FactExtractor(model, memoryModel, Prompts.load("extract-system")),
                new FactReviewer(model, memoryModel),
                e == null ? new Consolidator(model, memoryModel) : new Consolidator(model, memoryModel, e.neighbourCosine()),
                new Summarizer(model, memoryModel),
                new StoreRules(),
                gate::mayHoldFacts,
                e, tokens,
                new SummaryPolicy(settings.summariesKept(), settings.summaryTokens()),
                clock);
        Map<String, JobHandler> handlers = Map.of(
                MemoryUpdater.EXTRACT, updater::extract,
                MemoryUpdater.SUMMARIZE, updater::summarize);
        JobWorker w = new JobWorker(store().jobs(), handlers, retryPolicy, clock, settings.workerThreads(),
                "engram-worker-" + ProcessHandle.current().pid());
        w.start();
        return w;
    }

    private ChatService buildChat() {
        JobWorker w = worker();
        return new ChatService(store(), llm(), assembler.get(), relevantMemory(), embedder(), chatSettings(), w::wake, clock);
    }

    private ChatSettings chatSettings() {
        return new ChatSettings(settings.chatModel(),
                new PromptBudget(settings.memoryTokens(), settings.historyTokens(), settings.maxReplyTokens()),
                24, settings.maxMessageChars());
    }

    private PromptAssembler buildAssembler() {
        String instructions = Prompts.load("chat-system");
        return new PromptAssembler(chatNote == null ? instructions : instructions.stripTrailing() + "\n- " + chatNote + "\n",
                tokens);
    }

    /**
     * Configures an {@link Engram}. Every setting has the CLI's default; the store, model client
     * and embedder come from the Engram modules on the classpath (engram-jdbc, engram-anthropic,
     * engram-embeddings) unless given directly. Nothing is opened until the Engram first needs it.
     */
    public static final class Builder {
        static final String AUTO_EMBEDDER = "auto";
        static final String DEFAULT_EMBEDDER = "e5";

        private String dbUrl;
        private Path home = Path.of(System.getProperty("user.home"), ".engram");
        private final Map<String, String> storeOptions = new LinkedHashMap<>();
        private Supplier<MemoryStore> store;
        private String apiKey;
        private String baseUrl;
        private Duration modelTimeout = Duration.ofSeconds(60);
        private int modelRetries = 2;
        private Supplier<LlmClient> llm;
        private String embedderName = AUTO_EMBEDDER;
        private Embedder embedder;
        private Settings settings = Settings.defaults();
        private Clock clock = Clock.systemUTC();
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private String chatNote;

        private Builder() {}

        /** Keeps memory in a SQLite file (created when missing). */
        public Builder sqlite(Path file) {
            return database("jdbc:sqlite:" + Objects.requireNonNull(file, "file").toAbsolutePath());
        }

        /** Keeps memory in PostgreSQL, e.g. {@code jdbc:postgresql://db:5432/engram?user=engram}. */
        public Builder postgres(String jdbcUrl) {
            if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql:")) {
                throw new IllegalArgumentException("a PostgreSQL URL starts with jdbc:postgresql:, was " + jdbcUrl);
            }
            return database(jdbcUrl);
        }

        /** Keeps memory in the database at {@code jdbcUrl}; null means the default SQLite file in {@link #home}. */
        public Builder database(String jdbcUrl) {
            this.dbUrl = jdbcUrl;
            this.store = null;
            return this;
        }

        /** Engram's private directory: the default SQLite file and exports live there ({@code ~/.engram} by default). */
        public Builder home(Path dir) {
            this.home = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /** A store setting, e.g. {@code storeOption("sqlite.synchronous", "normal")}. */
        public Builder storeOption(String name, String value) {
            storeOptions.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Uses this store; Engram closes it on {@link Engram#close}. */
        public Builder store(MemoryStore memoryStore) {
            Objects.requireNonNull(memoryStore, "memoryStore");
            this.store = () -> memoryStore;
            return this;
        }

        /** Talks to Claude with this API key (at Anthropic's endpoint). */
        public Builder anthropic(String key) {
            return anthropic(key, null);
        }

        /** Talks to Claude with this API key at {@code messagesBaseUrl}, another endpoint speaking the Messages API (null: Anthropic's). */
        public Builder anthropic(String key, String messagesBaseUrl) {
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("the Anthropic API key is empty: pass your key (e.g. System.getenv(\"ANTHROPIC_API_KEY\"))");
            }
            this.apiKey = key;
            this.baseUrl = messagesBaseUrl;
            this.llm = null;
            return this;
        }

        /** How long a model call may take, and how often a failed one is retried by the client. */
        public Builder modelTimeout(Duration timeout, int retries) {
            if (timeout == null || timeout.isNegative() || timeout.isZero() || retries < 0) {
                throw new IllegalArgumentException("the model timeout must be positive and the retries not negative");
            }
            this.modelTimeout = timeout;
            this.modelRetries = retries;
            return this;
        }

        /** Uses this model client instead of the Anthropic SDK's; Engram closes it when it is {@link AutoCloseable}. */
        public Builder llm(LlmClient client) {
            Objects.requireNonNull(client, "client");
            this.llm = () -> client;
            return this;
        }

        /**
         * The embedding model by name: "e5" or "minilm" (from engram-embeddings), "none" for keyword
         * search only, or "auto" (the default): the model the database was embedded with, e5 for a new one.
         */
        public Builder embedder(String name) {
            this.embedderName = Objects.requireNonNull(name, "name");
            this.embedder = null;
            return this;
        }

        /** Uses this embedding model; the database must not hold vectors of another. */
        public Builder embedder(Embedder model) {
            this.embedder = Objects.requireNonNull(model, "model");
            return this;
        }

        /** All the numbers and model names at once (see {@link Settings#defaults()}). */
        public Builder settings(Settings newSettings) {
            this.settings = Objects.requireNonNull(newSettings, "newSettings");
            return this;
        }

        /** The model that answers the user. */
        public Builder chatModel(String model) {
            Settings s = settings;
            return settings(new Settings(model, s.memoryModel(), s.memoryTokens(), s.historyTokens(), s.maxReplyTokens(),
                    s.summariesKept(), s.summaryTokens(), s.maxMessageChars(), s.idleTimeout(), s.maxLiveSessions(),
                    s.workerThreads(), s.indexCacheBytes()));
        }

        /** The cheaper model that extracts and summarizes memory. */
        public Builder memoryModel(String model) {
            Settings s = settings;
            return settings(new Settings(s.chatModel(), model, s.memoryTokens(), s.historyTokens(), s.maxReplyTokens(),
                    s.summariesKept(), s.summaryTokens(), s.maxMessageChars(), s.idleTimeout(), s.maxLiveSessions(),
                    s.workerThreads(), s.indexCacheBytes()));
        }

        /** How long a session may stay idle before it is ended and summarized. */
        public Builder idleTimeout(Duration timeout) {
            Settings s = settings;
            return settings(new Settings(s.chatModel(), s.memoryModel(), s.memoryTokens(), s.historyTokens(), s.maxReplyTokens(),
                    s.summariesKept(), s.summaryTokens(), s.maxMessageChars(), timeout, s.maxLiveSessions(),
                    s.workerThreads(), s.indexCacheBytes()));
        }

        /** The clock memory is dated by (a fake one in tests). */
        public Builder clock(Clock newClock) {
            this.clock = Objects.requireNonNull(newClock, "newClock");
            return this;
        }

        /**
         * A line added to the chat's instructions about the application the user talks through, e.g.
         * how they can see their memory there ("Type /memory to see it"); none by default.
         */
        public Builder chatNote(String note) {
            if (note != null && note.isBlank()) {
                throw new IllegalArgumentException("the chat note is blank: pass a line of text, or null for none");
            }
            this.chatNote = note == null ? null : StorableText.require("the chat note", note.strip());
            return this;
        }

        /** How memory jobs are retried and leased. */
        public Builder retryPolicy(RetryPolicy policy) {
            this.retryPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        Settings settings() {
            return settings;
        }

        /** The Engram; opens nothing yet. */
        public Engram build() {
            // Locals, not fields: a builder used again after more settings builds with the new ones.
            Supplier<MemoryStore> storeOf = store;
            if (storeOf == null) {
                String url = dbUrl;
                Path dir = home;
                Map<String, String> options = Map.copyOf(storeOptions);
                Clock c = clock;
                storeOf = () -> Providers.store(url, dir, c, options);
            }
            Supplier<LlmClient> llmOf = llm;
            if (llmOf == null) {
                String key = apiKey;
                String base = baseUrl;
                Duration timeout = modelTimeout;
                int retries = modelRetries;
                llmOf = () -> {
                    if (key == null) {
                        throw new MissingApiKeyException();
                    }
                    return Providers.model(key, base, timeout, retries);
                };
            }
            if (embedder == null && !Set.of(AUTO_EMBEDDER, "none").contains(embedderName)) {
                Providers.requireEmbedder(embedderName);
            }
            return new Engram(this, storeOf, llmOf);
        }
    }

    /** Thrown when a turn needs the model but no API key was given. */
    public static final class MissingApiKeyException extends IllegalStateException {
        public MissingApiKeyException() {
            super("ANTHROPIC_API_KEY is not set: export your Anthropic API key as ANTHROPIC_API_KEY "
                    + "(and ANTHROPIC_BASE_URL to use another endpoint that speaks the Messages API)");
        }
    }
}
