package dev.engram.server;

import dev.engram.llm.Usage;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * The server's metrics in Prometheus text format: requests by route and status, turn latency with
 * and without the model's share, model latency and tokens, failures by error code, and the memory
 * job queue's depth (read when scraped). Thread safe.
 */
final class ServerMetrics {
    private final Histogram turn = new Histogram("engram_turn_seconds", "Whole turns as the server saw them, model included.");
    private final Histogram server = new Histogram("engram_turn_server_seconds",
            "Server-side time of turns with the model's time taken out (rounded up to the next millisecond).");
    private final Histogram model = new Histogram("engram_model_seconds", "Time spent waiting for the chat model per turn.");
    private final Map<String, LongAdder> tokens = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    private final IntSupplier queueDepth;
    private final IntSupplier liveSessions;

    ServerMetrics(IntSupplier queueDepth, IntSupplier liveSessions) {
        this.queueDepth = queueDepth;
        this.liveSessions = liveSessions;
    }

    void turn(double wholeSeconds, double modelSeconds, Usage usage) {
        turn.observe(wholeSeconds);
        model.observe(modelSeconds);
        server.observe(Math.max(0, wholeSeconds - modelSeconds));
        add(tokens, "input", usage.inputTokens());
        add(tokens, "output", usage.outputTokens());
        add(tokens, "cache_read", usage.cacheReadTokens());
        add(tokens, "cache_write", usage.cacheWriteTokens());
    }

    void failure(String code) {
        add(failures, code, 1);
    }

    void request(String method, String route, int status) {
        add(requests, "method=\"" + method + "\",route=\"" + route + "\",status=\"" + status + "\"", 1);
    }

    String render() {
        StringBuilder out = new StringBuilder(4096);
        counter(out, "engram_http_requests_total", "HTTP requests by method, route and status.", requests, null);
        turn.write(out);
        server.write(out);
        model.write(out);
        counter(out, "engram_model_tokens_total", "Tokens used by chat turns.", tokens, "kind");
        counter(out, "engram_failures_total", "Failed requests by error code.", failures, "code");
        gauge(out, "engram_queue_depth", "Memory jobs pending or running.", queueDepth);
        gauge(out, "engram_live_sessions", "Chat sessions held in memory.", liveSessions);
        return out.toString();
    }

    private static void counter(StringBuilder out, String name, String help, Map<String, LongAdder> values, String label) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" counter\n");
        for (Map.Entry<String, LongAdder> e : new TreeMap<>(values).entrySet()) {
            String labels = label == null ? e.getKey() : label + "=\"" + e.getKey() + "\"";
            out.append(name).append('{').append(labels).append("} ").append(e.getValue().sum()).append('\n');
        }
    }

    private static void gauge(StringBuilder out, String name, String help, IntSupplier value) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" gauge\n");
        String v;
        try {
            v = Integer.toString(value.getAsInt());
        } catch (RuntimeException e) {
            v = "NaN";
        }
        out.append(name).append(' ').append(v).append('\n');
    }

    private static void add(Map<String, LongAdder> map, String key, long n) {
        map.computeIfAbsent(key, k -> new LongAdder()).add(n);
    }
}
