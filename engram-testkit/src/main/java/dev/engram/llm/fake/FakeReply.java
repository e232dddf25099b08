package dev.engram.llm.fake;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One scripted answer of the {@link FakeMessagesServer}. Text and tool replies are sent as server-sent
 * events when the request asked for {@code "stream": true}, otherwise as one JSON message.
 */
public sealed interface FakeReply
        permits FakeReply.Text, FakeReply.ToolUse, FakeReply.ToolCalls, FakeReply.HttpError, FakeReply.Delayed,
        FakeReply.CutStream, FakeReply.StreamError, FakeReply.Stall {

    /** An assistant text answer, streamed in several deltas. */
    static FakeReply text(String text) {
        return new Text(text);
    }

    /**
     * A tool call whose input is {@code rawInputJson} sent verbatim, so a script can send broken JSON
     * or an object that breaks the schema.
     */
    static FakeReply toolUse(String toolName, String rawInputJson) {
        return new ToolUse(toolName, rawInputJson);
    }

    /**
     * One assistant message holding several tool calls, in order, with {@code stop_reason: tool_use},
     * as a model that asks for more than one tool at once sends them. Each call gets its own id
     * ({@code toolu_fake_N}); each input is sent verbatim.
     */
    static FakeReply toolCalls(ToolUse... calls) {
        return new ToolCalls(List.of(calls));
    }

    /** An HTTP error with Anthropic's error body {@code {"type":"error","error":{"type":..,"message":..}}}. */
    static FakeReply error(int status, String type, String message) {
        return new HttpError(status, type, message);
    }

    /** HTTP 529 {@code overloaded_error}, as the real API sends under load. */
    static FakeReply overloaded() {
        return new HttpError(529, "overloaded_error", "Overloaded");
    }

    /** HTTP 429 {@code rate_limit_error}. */
    static FakeReply rateLimited() {
        return new HttpError(429, "rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit");
    }

    /** Waits {@code delay} before sending anything, then answers with {@code then}; simulates a slow server. */
    static FakeReply delay(Duration delay, FakeReply then) {
        return new Delayed(delay, then);
    }

    /** Starts a streamed text answer with {@code partialText}, then drops the connection without message_stop. */
    static FakeReply cutStream(String partialText) {
        return new CutStream(partialText);
    }

    /**
     * Starts a streamed text answer with {@code partialText}, then sends an {@code error} event, as the
     * real API does when it becomes overloaded mid-answer. A request without streaming gets a 529.
     */
    static FakeReply streamError(String partialText, String type, String message) {
        return new StreamError(partialText, type, message);
    }

    /**
     * Starts a streamed text answer with {@code partialText}, then sends no more text, only a ping
     * now and then, until the client hangs up or the server is closed: a model that is slow in the
     * middle of its answer. A request without streaming gets a 500.
     */
    static FakeReply stall(String partialText) {
        return new Stall(partialText);
    }

    /** See {@link #text(String)}. */
    record Text(String text) implements FakeReply {
        public Text {
            Objects.requireNonNull(text, "text");
        }
    }

    /** See {@link #toolUse(String, String)}. */
    record ToolUse(String toolName, String rawInputJson) implements FakeReply {
        public ToolUse {
            Objects.requireNonNull(toolName, "toolName");
            Objects.requireNonNull(rawInputJson, "rawInputJson");
        }
    }

    /** See {@link #toolCalls(ToolUse...)}. */
    record ToolCalls(List<ToolUse> calls) implements FakeReply {
        public ToolCalls {
            calls = List.copyOf(calls);
            if (calls.isEmpty()) {
                throw new IllegalArgumentException("a tool-calls reply needs at least one call");
            }
        }
    }

    /** See {@link #error(int, String, String)}. */
    record HttpError(int status, String type, String message) implements FakeReply {
        public HttpError {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(message, "message");
            if (status < 400 || status > 599) {
                throw new IllegalArgumentException("an error reply needs a 4xx or 5xx status, got " + status);
            }
        }
    }

    /** See {@link #delay(Duration, FakeReply)}. */
    record Delayed(Duration delay, FakeReply then) implements FakeReply {
        public Delayed {
            Objects.requireNonNull(delay, "delay");
            Objects.requireNonNull(then, "then");
            if (delay.isNegative()) {
                throw new IllegalArgumentException("delay must not be negative");
            }
        }
    }

    /** See {@link #cutStream(String)}. */
    record CutStream(String partialText) implements FakeReply {
        public CutStream {
            Objects.requireNonNull(partialText, "partialText");
        }
    }

    /** See {@link #streamError(String, String, String)}. */
    record StreamError(String partialText, String type, String message) implements FakeReply {
        public StreamError {
            Objects.requireNonNull(partialText, "partialText");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(message, "message");
        }
    }

    /** See {@link #stall(String)}. */
    record Stall(String partialText) implements FakeReply {
        public Stall {
            Objects.requireNonNull(partialText, "partialText");
        }
    }
}
