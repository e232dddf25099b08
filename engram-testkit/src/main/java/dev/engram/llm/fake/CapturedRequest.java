package dev.engram.llm.fake;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One request the {@link FakeMessagesServer} received. Header names are lower case; {@code body} is the
 * parsed JSON body (a missing node when the body was empty).
 */
public record CapturedRequest(String method, String path, Map<String, List<String>> headers, JsonNode body) {
    public CapturedRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(body, "body");
        headers = Map.copyOf(headers);
    }

    /** The first value of a header, matched case-insensitively, or null when absent. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** Whether the request asked for a server-sent event stream. */
    public boolean streaming() {
        return body.path("stream").asBoolean(false);
    }

    /** The tool name when {@code tool_choice} forces one tool ({@code {"type":"tool","name":..}}). */
    public Optional<String> forcedTool() {
        JsonNode choice = body.path("tool_choice");
        if ("tool".equals(choice.path("type").asText()) && choice.hasNonNull("name")) {
            return Optional.of(choice.get("name").asText());
        }
        return Optional.empty();
    }

    /** Whether this is a Messages call without a forced tool, i.e. a chat turn. */
    public boolean isChat() {
        return path.equals(FakeMessagesServer.MESSAGES_PATH) && forcedTool().isEmpty();
    }

    /** The text of the last user message (all its text blocks joined), or "" when there is none. */
    public String lastUserText() {
        String last = "";
        for (JsonNode message : body.path("messages")) {
            if ("user".equals(message.path("role").asText())) {
                last = textOf(message.path("content"));
            }
        }
        return last;
    }

    private static String textOf(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode block : content) {
            if ("text".equals(block.path("type").asText())) {
                text.append(block.path("text").asText());
            }
        }
        return text.toString();
    }

    /** The text of the request's top-level system blocks, one per line. */
    public String systemText() {
        StringBuilder b = new StringBuilder();
        for (JsonNode block : body.path("system")) {
            b.append(block.path("text").asText()).append('\n');
        }
        return b.toString();
    }
}
