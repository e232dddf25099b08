package dev.engram.llm.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A fake Anthropic Messages API on {@code 127.0.0.1} and a free port, answering {@code POST /v1/messages}
 * from a script and {@code POST /v1/messages/count_tokens} with a rough count. Every request is captured
 * for assertions.
 *
 * <p>Replies are chosen in this order: the first matching {@link #onTool}, {@link #onChat} or {@link #on}
 * queue that is not empty (in the order they were first registered), then the {@link #enqueue} queue, then
 * the {@link #fallback} responder. When all are empty the server answers HTTP 500 with a message saying
 * the script ran out, so a test fails loudly instead of hanging.
 *
 * <p>Thread safe: requests are served concurrently, and scripting methods may be called at any time.
 *
 * <pre>{@code
 * try (FakeMessagesServer fake = FakeMessagesServer.started()) {
 *     fake.onChat(FakeReply.text("Hello there"));
 *     fake.onTool("record_facts", FakeReply.toolUse("record_facts", "{\"facts\":[]}"));
 *     // point the SDK at fake.baseUrl() ...
 *     assertThat(fake.chatRequests()).hasSize(1);
 * }
 * }</pre>
 */
public final class FakeMessagesServer implements AutoCloseable {
    /** Path of the Messages endpoint. */
    public static final String MESSAGES_PATH = "/v1/messages";
    /** Path of the token counting endpoint. */
    public static final String COUNT_TOKENS_PATH = "/v1/messages/count_tokens";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ReplyScript script = new ReplyScript();
    private final ReplyWriter writer = new ReplyWriter();
    private final List<CapturedRequest> captured = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private ExecutorService executor;

    /** Creates a server that is not listening yet; call {@link #start()}. */
    public FakeMessagesServer() {}

    /** Creates and starts a server. */
    public static FakeMessagesServer started() {
        return new FakeMessagesServer().start();
    }

    /**
     * Starts listening on 127.0.0.1 and a free port.
     *
     * @throws IllegalStateException when already started
     * @throws UncheckedIOException when the port cannot be bound
     */
    public synchronized FakeMessagesServer start() {
        if (server != null) {
            throw new IllegalStateException("the fake Messages server is already started");
        }
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the fake Messages server", e);
        }
        executor = Executors.newCachedThreadPool(daemonThreads());
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        return this;
    }

    /** The address to give the SDK as base URL, e.g. {@code http://127.0.0.1:54321}. */
    public synchronized String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** The port listened on. */
    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException("the fake Messages server is not started");
        }
        return server.getAddress().getPort();
    }

    /** Queues replies for any Messages request that no rule answers. */
    public FakeMessagesServer enqueue(FakeReply... replies) {
        script.addShared(list(replies));
        return this;
    }

    /** Queues replies for chat requests, i.e. Messages requests that do not force a tool. */
    public FakeMessagesServer onChat(FakeReply... replies) {
        script.addRule("chat", CapturedRequest::isChat, list(replies));
        return this;
    }

    /** Queues replies for requests that force the tool {@code toolName}. */
    public FakeMessagesServer onTool(String toolName, FakeReply... replies) {
        Objects.requireNonNull(toolName, "toolName");
        script.addRule("tool:" + toolName, request -> request.forcedTool().filter(toolName::equals).isPresent(),
                list(replies));
        return this;
    }

    /** Queues replies for Messages requests matching {@code when}; each call adds a separate rule. */
    public FakeMessagesServer on(Predicate<CapturedRequest> when, FakeReply... replies) {
        script.addRule(null, when, list(replies));
        return this;
    }

    /** Answers requests that no queued reply matches (a null answer counts as none); replaces any earlier fallback. */
    public FakeMessagesServer fallback(Function<CapturedRequest, FakeReply> responder) {
        script.fallback(Objects.requireNonNull(responder, "responder"));
        return this;
    }

    /** How many queued replies have not been used yet. */
    public int pendingReplies() {
        return script.pending();
    }

    /** Every request received so far, in arrival order. */
    public List<CapturedRequest> requests() {
        return List.copyOf(captured);
    }

    /** Messages requests that did not force a tool. */
    public List<CapturedRequest> chatRequests() {
        return captured.stream().filter(CapturedRequest::isChat).toList();
    }

    /** Messages requests that forced a tool. */
    public List<CapturedRequest> toolRequests() {
        return captured.stream().filter(request -> request.forcedTool().isPresent()).toList();
    }

    /** Messages requests that forced the tool {@code toolName}. */
    public List<CapturedRequest> toolRequests(String toolName) {
        return captured.stream().filter(request -> request.forcedTool().filter(toolName::equals).isPresent()).toList();
    }

    /**
     * The most recent request.
     *
     * @throws IllegalStateException when none has arrived
     */
    public CapturedRequest lastRequest() {
        List<CapturedRequest> all = requests();
        if (all.isEmpty()) {
            throw new IllegalStateException("the fake Messages server has received no request");
        }
        return all.get(all.size() - 1);
    }

    /** Stops listening and interrupts replies still being delayed. Safe to call twice. */
    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            CapturedRequest request = capture(exchange);
            captured.add(request);
            if (request.body().isMissingNode() && !request.method().equals("GET")) {
                writer.writeError(exchange, 400, "invalid_request_error", "request body is not valid JSON");
            } else if (request.path().equals(COUNT_TOKENS_PATH) && request.method().equals("POST")) {
                writer.writeTokenCount(exchange, request);
            } else if (request.path().equals(MESSAGES_PATH) && request.method().equals("POST")) {
                answer(exchange, request);
            } else {
                writer.writeError(exchange, 404, "not_found_error",
                        "the fake Messages server has no " + request.method() + " " + request.path());
            }
        } catch (IOException e) {
            // The client went away (a timeout or a cut stream); there is nobody left to tell.
        }
    }

    private void answer(HttpExchange exchange, CapturedRequest request) throws IOException {
        FakeReply reply = script.next(request);
        if (reply == null) {
            String what = request.forcedTool().map(tool -> "a call of tool '" + tool + "'").orElse("a chat request");
            writer.writeError(exchange, 500, "api_error",
                    "FakeMessagesServer: the script ran out of replies for " + what
                            + "; queue more with onChat/onTool/enqueue or set a fallback");
            return;
        }
        writer.write(exchange, request, reply);
    }

    private static CapturedRequest capture(HttpExchange exchange) throws IOException {
        byte[] bytes = exchange.getRequestBody().readAllBytes();
        JsonNode body = MissingNode.getInstance();
        if (bytes.length > 0) {
            try {
                body = JSON.readTree(bytes);
            } catch (IOException e) {
                body = MissingNode.getInstance();
            }
        }
        Map<String, List<String>> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) ->
                headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
        return new CapturedRequest(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers, body);
    }

    private static List<FakeReply> list(FakeReply... replies) {
        List<FakeReply> list = new ArrayList<>(Arrays.asList(replies));
        list.forEach(reply -> Objects.requireNonNull(reply, "reply"));
        return list;
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "fake-messages-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
