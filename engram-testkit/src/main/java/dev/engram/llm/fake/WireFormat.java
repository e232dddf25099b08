package dev.engram.llm.fake;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Builds Messages API bodies and server-sent events exactly as the real API writes them. */
final class WireFormat {
    private static final ObjectMapper JSON = new ObjectMapper();

    private WireFormat() {}

    static ObjectNode message(String id, String model, String stopReason, PromptCache.FakeUsage usage) {
        ObjectNode message = JSON.createObjectNode()
                .put("id", id)
                .put("type", "message")
                .put("role", "assistant")
                .put("model", model);
        message.putArray("content");
        if (stopReason == null) {
            message.putNull("stop_reason");
        } else {
            message.put("stop_reason", stopReason);
        }
        message.putNull("stop_sequence");
        message.set("usage", usage(usage));
        return message;
    }

    static ObjectNode textBlock(String text) {
        return JSON.createObjectNode().put("type", "text").put("text", text);
    }

    /** A tool_use block whose input is a placeholder; see {@link #withRawInputs}. */
    static ObjectNode toolUseBlock(String id, String name) {
        ObjectNode block = JSON.createObjectNode().put("type", "tool_use").put("id", id).put("name", name);
        block.putObject("input");
        return block;
    }

    /** Serializes {@code message} with the input of its i-th content block replaced by {@code rawInputs[i]}, verbatim. */
    static String withRawInputs(ObjectNode message, List<String> rawInputs) {
        List<String> placeholders = new ArrayList<>();
        for (int i = 0; i < rawInputs.size(); i++) {
            String placeholder = "raw-input-" + UUID.randomUUID();
            ((ObjectNode) message.path("content").get(i)).put("input", placeholder);
            placeholders.add(placeholder);
        }
        String json = message.toString();
        for (int i = 0; i < rawInputs.size(); i++) {
            json = json.replace('"' + placeholders.get(i) + '"', rawInputs.get(i));
        }
        return json;
    }

    static ObjectNode usage(PromptCache.FakeUsage usage) {
        return JSON.createObjectNode()
                .put("input_tokens", usage.inputTokens())
                .put("cache_creation_input_tokens", usage.cacheWriteTokens())
                .put("cache_read_input_tokens", usage.cacheReadTokens())
                .put("output_tokens", usage.outputTokens());
    }

    static String error(String type, String message) {
        ObjectNode body = JSON.createObjectNode().put("type", "error");
        body.putObject("error").put("type", type).put("message", message);
        return body.toString();
    }

    static String errorEvent(String type, String message) {
        return "event: error\ndata: " + error(type, message) + "\n\n";
    }

    static String tokenCount(long inputTokens) {
        return JSON.createObjectNode().put("input_tokens", inputTokens).toString();
    }

    static String event(String name, ObjectNode data) {
        return "event: " + name + "\ndata: " + data + "\n\n";
    }

    static ObjectNode data(String type) {
        return JSON.createObjectNode().put("type", type);
    }

    static String messageStart(ObjectNode message) {
        ObjectNode data = data("message_start");
        data.set("message", message);
        return event("message_start", data);
    }

    static String blockStart(int index, ObjectNode block) {
        ObjectNode data = data("content_block_start").put("index", index);
        data.set("content_block", block);
        return event("content_block_start", data);
    }

    static String textDelta(int index, String text) {
        ObjectNode data = data("content_block_delta").put("index", index);
        data.putObject("delta").put("type", "text_delta").put("text", text);
        return event("content_block_delta", data);
    }

    static String inputJsonDelta(int index, String partialJson) {
        ObjectNode data = data("content_block_delta").put("index", index);
        data.putObject("delta").put("type", "input_json_delta").put("partial_json", partialJson);
        return event("content_block_delta", data);
    }

    static String blockStop(int index) {
        return event("content_block_stop", data("content_block_stop").put("index", index));
    }

    static String messageDelta(String stopReason, PromptCache.FakeUsage usage) {
        ObjectNode data = data("message_delta");
        data.putObject("delta").put("stop_reason", stopReason).putNull("stop_sequence");
        data.putObject("usage").put("output_tokens", usage.outputTokens());
        return event("message_delta", data);
    }

    static String messageStop() {
        return event("message_stop", data("message_stop"));
    }

    static String ping() {
        return event("ping", data("ping"));
    }

    /** Splits text into word-sized pieces (whitespace kept), so a stream has several deltas. */
    static List<String> wordChunks(String text) {
        List<String> chunks = new ArrayList<>();
        int start = 0;
        for (int i = 1; i < text.length(); i++) {
            if (Character.isWhitespace(text.charAt(i - 1)) && !Character.isWhitespace(text.charAt(i))) {
                chunks.add(text.substring(start, i));
                start = i;
            }
        }
        if (start < text.length()) {
            chunks.add(text.substring(start));
        }
        return chunks;
    }

    /** Splits raw JSON into up to three pieces, as the API streams partial tool input. */
    static List<String> thirds(String raw) {
        int third = Math.max(1, (raw.length() + 2) / 3);
        List<String> pieces = new ArrayList<>();
        for (int start = 0; start < raw.length(); start += third) {
            pieces.add(raw.substring(start, Math.min(raw.length(), start + third)));
        }
        return pieces;
    }
}
