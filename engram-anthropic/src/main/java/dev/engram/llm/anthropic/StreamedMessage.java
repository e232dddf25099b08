package dev.engram.llm.anthropic;

import com.anthropic.models.messages.MessageDeltaUsage;
import com.anthropic.models.messages.RawContentBlockDelta;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.ToolUseBlock;
import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.llm.Usage;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** Folds the events of one streamed Messages answer into text, tool calls, usage and stop reason. Not thread safe. */
final class StreamedMessage {
    private final StringBuilder text = new StringBuilder();
    private final Map<Long, ToolCall> toolCalls = new LinkedHashMap<>();
    private long inputTokens;
    private long outputTokens;
    private long cacheReadTokens;
    private long cacheWriteTokens;
    private String stopReason;
    private boolean finished;

    /** A tool_use block: its name, the input from its start event, and the streamed partial JSON. */
    record ToolCall(String name, JsonNode startInput, StringBuilder partialJson) {}

    /** Applies one event, passing any text delta to {@code onText}. */
    void accept(RawMessageStreamEvent event, Consumer<String> onText) {
        event.messageStart().ifPresent(start -> {
            com.anthropic.models.messages.Usage usage = start.message().usage();
            inputTokens = usage.inputTokens();
            outputTokens = usage.outputTokens();
            cacheReadTokens = usage.cacheReadInputTokens().orElse(0L);
            cacheWriteTokens = usage.cacheCreationInputTokens().orElse(0L);
        });
        event.contentBlockStart().ifPresent(start -> start.contentBlock().toolUse().ifPresent(tool ->
                toolCalls.put(start.index(), new ToolCall(tool.name(), inputOf(tool), new StringBuilder()))));
        event.contentBlockDelta().ifPresent(delta -> acceptDelta(delta.index(), delta.delta(), onText));
        event.messageDelta().ifPresent(delta -> {
            delta.delta().stopReason().ifPresent(reason -> stopReason = reason.asString());
            acceptUsage(delta.usage());
        });
        if (event.isMessageStop()) {
            finished = true;
        }
    }

    private void acceptDelta(long index, RawContentBlockDelta delta, Consumer<String> onText) {
        delta.text().ifPresent(textDelta -> {
            text.append(textDelta.text());
            onText.accept(textDelta.text());
        });
        delta.inputJson().ifPresent(json -> {
            ToolCall call = toolCalls.get(index);
            if (call != null) {
                call.partialJson().append(json.partialJson());
            }
        });
    }

    private void acceptUsage(MessageDeltaUsage usage) {
        // message_delta counts are cumulative, so they replace what message_start said.
        outputTokens = usage.outputTokens();
        usage.inputTokens().ifPresent(tokens -> inputTokens = tokens);
        usage.cacheReadInputTokens().ifPresent(tokens -> cacheReadTokens = tokens);
        usage.cacheCreationInputTokens().ifPresent(tokens -> cacheWriteTokens = tokens);
    }

    private static JsonNode inputOf(ToolUseBlock tool) {
        return tool._input().convert(JsonNode.class);
    }

    /** Whether message_stop arrived: the model finished its answer. */
    boolean finished() {
        return finished;
    }

    String text() {
        return text.toString();
    }

    /** The stop reason, or "unknown" when the server sent none. */
    String stopReason() {
        return stopReason == null ? "unknown" : stopReason;
    }

    Usage usage() {
        return new Usage(inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens);
    }

    /** The first call of the named tool. */
    Optional<ToolCall> toolCall(String name) {
        return toolCalls.values().stream().filter(call -> call.name().equals(name)).findFirst();
    }
}
