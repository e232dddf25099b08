package dev.engram.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.chat.ChatService;
import dev.engram.chat.ChatSettings;
import dev.engram.chat.MemoryPreview;
import dev.engram.chat.PromptAssembler;
import dev.engram.chat.PromptBudget;
import dev.engram.chat.Prompts;
import dev.engram.chat.RelevantMemory;
import dev.engram.chat.RetrievedMemory;
import dev.engram.curation.MemoryService;
import dev.engram.embedding.Embedder;
import dev.engram.extraction.Consolidator;
import dev.engram.extraction.FactExtractor;
import dev.engram.extraction.FactReviewer;
import dev.engram.extraction.MemoryUpdater;
import dev.engram.extraction.StoreRules;
import dev.engram.extraction.Summarizer;
import dev.engram.extraction.SummaryPolicy;
import dev.engram.jobs.JobHandler;
import dev.engram.jobs.JobWorker;
import dev.engram.jobs.RetryPolicy;
import dev.engram.llm.anthropic.AnthropicLlmClient;
import dev.engram.llm.fake.FakeMessagesServer;
import dev.engram.mcp.MemoryBackend;
import dev.engram.memory.TokenCounter;
import dev.engram.retrieval.HybridRetriever;
import dev.engram.retrieval.MemoryIndexes;
import dev.engram.retrieval.RetrievalMode;
import dev.engram.server.mem0.Mem0Api;
import dev.engram.store.JdbcMemoryStore;
import dev.engram.store.StoreFactory;
import dev.engram.tenant.TenantStore;
import dev.engram.testkit.HashEmbedder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The whole server built from real parts for a test: a real database, the real Anthropic SDK
 * talking to the fake Messages server, the real chat loop, memory pipeline and job worker, and
 * the HTTP server on a free loopback port, called with {@link HttpClient}.
 */
public final class ServerHarness implements AutoCloseable {
    public static final String MODEL = "claude-test";
    private static final ObjectMapper JSON = new ObjectMapper();

    public final TestDatabase database;
    public final FakeMessagesServer fake;
    public final JdbcMemoryStore store;
    public final TenantStore tenants;
    public final JobWorker worker;
    public final ApiServer server;
    private final AnthropicLlmClient llm;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The server's answer to one request. */
    public record Response(int status, String body, Map<String, List<String>> headers) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        public String errorCode() {
            return json().path("error").path("code").asText(null);
        }
    }

    ServerHarness(TestDatabase database, ServerSettings settings, Duration modelTimeout, int modelRetries) {
        this(database, settings, modelTimeout, modelRetries, (Embedder) null);
    }

    /**
     * @param embedder embeds what is written and ranks searches (hybrid retrieval); null for keyword
     *     search only and no stored embeddings
     */
    public ServerHarness(TestDatabase database, ServerSettings settings, Duration modelTimeout, int modelRetries,
                         Embedder embedder) {
        this(database, settings, modelTimeout, modelRetries, embedder, false, null);
    }

    /**
     * @param chatRetrieval the chat retrieves memory as {@code engram serve} does ({@link RetrievedMemory}
     *     over the same retriever as the mem0 search); otherwise it pins the user's facts only
     * @param mcpHosts when not null, the server also serves MCP at {@code /mcp}, accepting those extra
     *     Host patterns, its tools on the same memory, retrieval and embedder as the rest
     */
    private ServerHarness(TestDatabase database, ServerSettings settings, Duration modelTimeout, int modelRetries,
                          Embedder embedder, boolean chatRetrieval, List<String> mcpHosts) {
        this.database = database;
        Clock clock = Clock.systemUTC();
        fake = FakeMessagesServer.started();
        fake.fallback(ScriptedModel::answer);
        store = StoreFactory.open(database.url(), null, clock);
        tenants = store.tenants();
        llm = new AnthropicLlmClient("test-key", fake.baseUrl(), modelTimeout, modelRetries);
        TokenCounter tokens = new TokenCounter();
        MemoryUpdater updater = new MemoryUpdater(store,
                new FactExtractor(llm, MODEL, Prompts.load("extract-system")), new FactReviewer(llm, MODEL),
                embedder == null ? new Consolidator(llm, MODEL) : new Consolidator(llm, MODEL, embedder.neighbourCosine()),
                new Summarizer(llm, MODEL), new StoreRules(), (u, a) -> true,
                embedder, tokens, new SummaryPolicy(3, 600), clock);
        Map<String, JobHandler> handlers = Map.of(MemoryUpdater.EXTRACT, updater::extract, MemoryUpdater.SUMMARIZE, updater::summarize);
        worker = new JobWorker(store.jobs(), handlers,
                new RetryPolicy(4, Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(30)), clock, 1, "test-worker");
        worker.start();
        HybridRetriever retriever = new HybridRetriever(new MemoryIndexes(store), embedder,
                embedder == null ? RetrievalMode.BM25 : RetrievalMode.HYBRID);
        RelevantMemory relevance = chatRetrieval ? new RetrievedMemory(store, retriever) : new MemoryOnlyRelevance(store);
        ChatService chat = new ChatService(store, llm, new PromptAssembler(Prompts.load("chat-system"), tokens),
                relevance, null, new ChatSettings(MODEL, new PromptBudget(400, 3000, 256), 8, 4000),
                worker::wake, clock);
        MemoryService memory = new MemoryService(store, embedder, clock);
        // As './engram serve' does: the mem0-compatible routes beside Engram's own, and MCP when asked for.
        Mem0Api mem0 = new Mem0Api(memory, store, retriever, worker::wake, 4000, clock);
        McpAccess mcp = mcpHosts == null ? null : new McpAccess(new MemoryBackend(memory, () -> retriever,
                () -> new MemoryPreview(new RetrievedMemory(store, retriever), new PromptAssembler(Prompts.load("chat-system"),
                        tokens), embedder, new ChatSettings(MODEL, new PromptBudget(400, 3000, 256), 8, 4000))),
                mcpHosts, List.of());
        server = new ApiServer(chat, memory, store.jobs(), tenants, settings, clock, List.of(mem0), mcp).start();
    }

    /** A SQLite server that also serves MCP at {@code /mcp}, with hybrid retrieval over a hashing embedder. */
    static ServerHarness sqliteWithMcp(Path dir, List<String> extraHosts) {
        return new ServerHarness(TestDatabase.sqlite(dir), ServerSettings.defaults("127.0.0.1", 0), Duration.ofSeconds(5), 2,
                new HashEmbedder(), false, extraHosts);
    }

    /** A PostgreSQL server that also serves MCP at {@code /mcp}, with hybrid retrieval over a hashing embedder. */
    static ServerHarness postgresWithMcp() {
        return new ServerHarness(TestDatabase.postgres(), ServerSettings.defaults("127.0.0.1", 0), Duration.ofSeconds(5), 2,
                new HashEmbedder(), false, List.of());
    }

    public static ServerHarness sqlite(Path dir) {
        return new ServerHarness(TestDatabase.sqlite(dir), ServerSettings.defaults("127.0.0.1", 0), Duration.ofSeconds(5), 2);
    }

    /** On SQLite with the chat's real retrieval (keywords only): facts, summaries, entities and past turns compete. */
    public static ServerHarness sqliteWithRetrieval(Path dir) {
        return new ServerHarness(TestDatabase.sqlite(dir), ServerSettings.defaults("127.0.0.1", 0), Duration.ofSeconds(5), 2,
                null, true, null);
    }

    public static ServerHarness postgres() {
        return new ServerHarness(TestDatabase.postgres(), ServerSettings.defaults("127.0.0.1", 0), Duration.ofSeconds(5), 2);
    }

    public String key(String tenant) {
        return tenants.createKey(tenant, Instant.now()).secret();
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    public Response get(String key, String path) {
        return send(key, "GET", path, null, null);
    }

    public Response delete(String key, String path) {
        return send(key, "DELETE", path, null, null);
    }

    public Response post(String key, String path, String json) {
        return send(key, "POST", path, json.getBytes(StandardCharsets.UTF_8), null);
    }

    public Response patch(String key, String path, String json) {
        return send(key, "PATCH", path, json.getBytes(StandardCharsets.UTF_8), null);
    }

    /** Sends a chat message and returns the response. */
    public Response message(String key, String user, String message, String sessionId) {
        Map<String, String> body = sessionId == null ? Map.of("message", message) : Map.of("message", message, "sessionId", sessionId);
        try {
            return post(key, "/v1/users/" + user + "/messages", JSON.writeValueAsString(body));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Sends a chat message that says whether it is incognito. */
    public Response message(String key, String user, String message, String sessionId, boolean incognito) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("message", message);
        if (sessionId != null) {
            body.put("sessionId", sessionId);
        }
        body.put("incognito", incognito);
        try {
            return post(key, "/v1/users/" + user + "/messages", JSON.writeValueAsString(body));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    public Response send(String key, String method, String path, byte[] body, String accept) {
        return sendAuthorized(key == null ? null : "Bearer " + key, method, path, body, accept);
    }

    /** Sends a request with {@code authorization} as its whole {@code Authorization} header (none when null). */
    public Response sendAuthorized(String authorization, String method, String path, byte[] body, String accept) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (accept != null) {
            b.header("Accept", accept);
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(r.statusCode(), r.body(), r.headers().map());
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Runs a query on the database directly and returns the first column of each row. */
    public List<String> column(String sql, Object... params) {
        try (Connection c = database.connect(); var s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet rows = s.executeQuery()) {
                List<String> out = new ArrayList<>();
                while (rows.next()) {
                    out.add(rows.getString(1));
                }
                return out;
            }
        } catch (SQLException e) {
            throw new AssertionError(sql + ": " + e.getMessage(), e);
        }
    }

    /** Every table of the schema (besides Flyway's own). */
    public List<String> tables() {
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            String sql = database.url().startsWith("jdbc:sqlite:")
                    ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                    : "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()";
            List<String> out = new ArrayList<>();
            try (ResultSet rows = s.executeQuery(sql)) {
                while (rows.next()) {
                    if (!rows.getString(1).startsWith("flyway")) {
                        out.add(rows.getString(1));
                    }
                }
            }
            return out;
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    /** Waits for the memory jobs to finish. */
    public void drain() {
        if (!worker.drain(Duration.ofSeconds(20))) {
            throw new AssertionError("memory jobs did not finish in 20 s: " + store.jobs().outstanding() + " outstanding");
        }
    }

    @Override
    public void close() throws Exception {
        server.close();
        worker.close();
        llm.close();
        fake.close();
        store.close();
        database.close();
    }
}
