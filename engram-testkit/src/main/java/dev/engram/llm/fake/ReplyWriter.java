package dev.engram.llm.fake;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Writes a {@link FakeReply} to an exchange in the Messages API wire format. */
final class ReplyWriter {
    /** Declared length of a cut response; the connection closes long before it is reached. */
    private static final long CUT_DECLARED_LENGTH = 1 << 20;
    /** How often a stalled reply pings to learn whether its client is still there. */
    private static final java.time.Duration STALL_PING = java.time.Duration.ofMillis(50);

    private final PromptCache cache = new PromptCache();
    private final AtomicLong ids = new AtomicLong();

    void write(HttpExchange exchange, CapturedRequest request, FakeReply reply) throws IOException {
        if (reply instanceof FakeReply.Delayed delayed) {
            sleep(delayed.delay());
            write(exchange, request, delayed.then());
        } else if (reply instanceof FakeReply.HttpError error) {
            writeError(exchange, error.status(), error.type(), error.message());
        } else if (reply instanceof FakeReply.Text text) {
            writeText(exchange, request, text.text());
        } else if (reply instanceof FakeReply.ToolUse toolUse) {
            writeToolUses(exchange, request, List.of(toolUse));
        } else if (reply instanceof FakeReply.ToolCalls calls) {
            writeToolUses(exchange, request, calls.calls());
        } else if (reply instanceof FakeReply.CutStream cut) {
            writeCut(exchange, request, cut.partialText());
        } else if (reply instanceof FakeReply.StreamError error) {
            writeStreamError(exchange, request, error);
        } else if (reply instanceof FakeReply.Stall stall) {
            writeStall(exchange, request, stall.partialText());
        } else {
            throw new IllegalStateException("unknown reply kind: " + reply);
        }
    }

    void writeError(HttpExchange exchange, int status, String type, String message) throws IOException {
        if (status == 429 || status == 529) {
            exchange.getResponseHeaders().set("retry-after", "0");
            // The SDK ignores a zero retry-after and backs off 0.4-0.5 s; one millisecond keeps tests quick.
            exchange.getResponseHeaders().set("retry-after-ms", "1");
        }
        writeJson(exchange, status, WireFormat.error(type, message));
    }

    void writeTokenCount(HttpExchange exchange, CapturedRequest request) throws IOException {
        writeJson(exchange, 200, WireFormat.tokenCount(PromptCache.estimateTokens(request.body().toString())));
    }

    private void writeText(HttpExchange exchange, CapturedRequest request, String text) throws IOException {
        PromptCache.FakeUsage usage = cache.usage(request.body(), PromptCache.estimateTokens(text));
        ObjectNode message = newMessage(request, usage, request.streaming() ? null : "end_turn");
        if (!request.streaming()) {
            ((ArrayNode) message.get("content")).add(WireFormat.textBlock(text));
            writeJson(exchange, 200, message.toString());
            return;
        }
        OutputStream out = startStream(exchange, 0);
        send(out, WireFormat.messageStart(message));
        send(out, WireFormat.blockStart(0, WireFormat.textBlock("")));
        send(out, WireFormat.ping());
        for (String chunk : WireFormat.wordChunks(text)) {
            send(out, WireFormat.textDelta(0, chunk));
        }
        send(out, WireFormat.blockStop(0));
        send(out, WireFormat.messageDelta("end_turn", usage));
        send(out, WireFormat.messageStop());
    }

    private void writeToolUses(HttpExchange exchange, CapturedRequest request, List<FakeReply.ToolUse> uses)
            throws IOException {
        String inputs = String.join("", uses.stream().map(FakeReply.ToolUse::rawInputJson).toList());
        PromptCache.FakeUsage usage = cache.usage(request.body(), PromptCache.estimateTokens(inputs));
        List<ObjectNode> blocks = uses.stream()
                .map(use -> WireFormat.toolUseBlock("toolu_fake_" + ids.incrementAndGet(), use.toolName())).toList();
        ObjectNode message = newMessage(request, usage, request.streaming() ? null : "tool_use");
        if (!request.streaming()) {
            blocks.forEach(((ArrayNode) message.get("content"))::add);
            writeJson(exchange, 200, WireFormat.withRawInputs(message,
                    uses.stream().map(FakeReply.ToolUse::rawInputJson).toList()));
            return;
        }
        OutputStream out = startStream(exchange, 0);
        send(out, WireFormat.messageStart(message));
        for (int i = 0; i < blocks.size(); i++) {
            send(out, WireFormat.blockStart(i, blocks.get(i)));
            send(out, WireFormat.inputJsonDelta(i, ""));
            for (String piece : WireFormat.thirds(uses.get(i).rawInputJson())) {
                send(out, WireFormat.inputJsonDelta(i, piece));
            }
            send(out, WireFormat.blockStop(i));
        }
        send(out, WireFormat.messageDelta("tool_use", usage));
        send(out, WireFormat.messageStop());
    }

    /** Declares a long body, sends the start of a stream, then closes: the client sees the connection drop. */
    private void writeCut(HttpExchange exchange, CapturedRequest request, String partialText) throws IOException {
        PromptCache.FakeUsage usage = cache.usage(request.body(), PromptCache.estimateTokens(partialText));
        OutputStream out = startStream(exchange, CUT_DECLARED_LENGTH);
        send(out, WireFormat.messageStart(newMessage(request, usage, null)));
        send(out, WireFormat.blockStart(0, WireFormat.textBlock("")));
        for (String chunk : WireFormat.wordChunks(partialText)) {
            send(out, WireFormat.textDelta(0, chunk));
        }
        // Closing short of the declared length makes the JDK server drop the connection.
        exchange.close();
    }

    private void writeStreamError(HttpExchange exchange, CapturedRequest request, FakeReply.StreamError error)
            throws IOException {
        if (!request.streaming()) {
            writeError(exchange, 529, error.type(), error.message());
            return;
        }
        PromptCache.FakeUsage usage = cache.usage(request.body(), PromptCache.estimateTokens(error.partialText()));
        OutputStream out = startStream(exchange, 0);
        send(out, WireFormat.messageStart(newMessage(request, usage, null)));
        send(out, WireFormat.blockStart(0, WireFormat.textBlock("")));
        for (String chunk : WireFormat.wordChunks(error.partialText())) {
            send(out, WireFormat.textDelta(0, chunk));
        }
        send(out, WireFormat.errorEvent(error.type(), error.message()));
    }

    /** Sends the start of an answer, then pings until writing fails: the client went away, or the server stopped. */
    private void writeStall(HttpExchange exchange, CapturedRequest request, String partialText) throws IOException {
        if (!request.streaming()) {
            writeError(exchange, 500, "api_error", "FakeMessagesServer: a stalled reply needs a streaming request");
            return;
        }
        PromptCache.FakeUsage usage = cache.usage(request.body(), PromptCache.estimateTokens(partialText));
        OutputStream out = startStream(exchange, 0);
        send(out, WireFormat.messageStart(newMessage(request, usage, null)));
        send(out, WireFormat.blockStart(0, WireFormat.textBlock("")));
        for (String chunk : WireFormat.wordChunks(partialText)) {
            send(out, WireFormat.textDelta(0, chunk));
        }
        while (true) {
            // A write is the only way to notice that the client hung up.
            sleep(STALL_PING);
            send(out, WireFormat.ping());
        }
    }

    private ObjectNode newMessage(CapturedRequest request, PromptCache.FakeUsage usage, String stopReason) {
        String model = request.body().path("model").asText("claude-fake");
        return WireFormat.message("msg_fake_" + ids.incrementAndGet(), model, stopReason, usage);
    }

    private static OutputStream startStream(HttpExchange exchange, long length) throws IOException {
        exchange.getResponseHeaders().set("content-type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("cache-control", "no-cache");
        exchange.sendResponseHeaders(200, length);
        return exchange.getResponseBody();
    }

    private static void send(OutputStream out, String event) throws IOException {
        out.write(event.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void writeJson(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("content-type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static void sleep(java.time.Duration delay) throws IOException {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("fake server stopped while delaying a reply", e);
        }
    }
}
