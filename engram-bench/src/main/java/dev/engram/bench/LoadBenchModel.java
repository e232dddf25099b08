package dev.engram.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.llm.ChatReply;
import dev.engram.llm.ChatRequest;
import dev.engram.llm.LlmClient;
import dev.engram.llm.ReplyStop;
import dev.engram.llm.ToolRequest;
import dev.engram.llm.Usage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

/**
 * The load benchmark's fake model, in process: it answers every chat at once with one short
 * sentence and every memory tool call with an empty result (no facts, no entities, a one-line
 * summary), so that the benchmark times the server and the store, not a network hop to a model.
 * Never used outside {@code engram bench load}. Thread safe.
 */
public final class LoadBenchModel implements LlmClient {
    /** The reply to every chat message. */
    public static final String REPLY = "Thanks, noted.";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode EXTRACTION = parse("{\"facts\":[],\"entities\":[]}");
    private static final JsonNode REVIEW = parse("{\"verdicts\":[]}");
    private static final JsonNode CONSOLIDATION = parse("{\"decisions\":[]}");
    private static final JsonNode SUMMARY = parse("{\"summary\":\"A short load-test conversation.\"}");
    private static final Usage USAGE = new Usage(0, 4, 0, 0);

    @Override
    public ChatReply chat(ChatRequest request, Consumer<String> onText, ReplyStop stop) {
        onText.accept(REPLY);
        return new ChatReply(REPLY, "end_turn", USAGE);
    }

    @Override
    public JsonNode callTool(ToolRequest request) {
        JsonNode answer = switch (request.toolName()) {
            case "record_memories" -> EXTRACTION;
            case "review_facts" -> REVIEW;
            case "consolidate_facts" -> CONSOLIDATION;
            default -> SUMMARY;
        };
        return answer.deepCopy();
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Nothing to warm: it answers in process. */
    @Override
    public void warmUp(String model) {
        // no connection, no start-up cost
    }
}
