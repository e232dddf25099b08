package dev.engram.llm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Consumer;

/**
 * The model seam. Implementations are thread safe. Failures are {@link LlmException}s:
 * {@link TransientLlmException} when trying again may help (429, 5xx, 529, timeouts, cut streams),
 * {@link PermanentLlmException} when it will not (bad request, bad key), and
 * {@link MalformedOutputException} when the model answered but not in the required shape.
 */
public interface LlmClient {

    /**
     * Sends a chat request with streaming, passing each text fragment to {@code onText} as it
     * arrives (on the calling thread), and returns the whole reply.
     */
    ChatReply chat(ChatRequest request, Consumer<String> onText);

    /** Forces one tool call and returns the tool's input object, never null. */
    JsonNode callTool(ToolRequest request);
}
