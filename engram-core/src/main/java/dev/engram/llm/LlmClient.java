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
     * arrives (on the calling thread), and returns the whole reply. When {@code stop} is requested
     * meanwhile, from any thread, the call returns soon after with the text received so far and
     * {@link ChatReply#STOPPED} as its stop reason; no fragment is passed on after that.
     */
    ChatReply chat(ChatRequest request, Consumer<String> onText, ReplyStop stop);

    /** Forces one tool call and returns the tool's input object, never null. */
    JsonNode callTool(ToolRequest request);

    /**
     * Readies the client for a fast first call (opens the connection and exercises request and
     * response handling) with a call that costs no tokens. Meant to run in the background at start;
     * a failure here affects no user work, so it is logged and not thrown.
     */
    void warmUp(String model);
}
