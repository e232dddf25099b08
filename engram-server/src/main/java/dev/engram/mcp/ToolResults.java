package dev.engram.mcp;

import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Map;

/**
 * Tool results: a text for the model and, when there is one, the same data as structured content.
 * A failure is a result with {@code isError: true}, never a thrown exception (which the SDK would
 * send as a bare JSON-RPC error, -32603).
 */
final class ToolResults {
    private static final Logger LOG = System.getLogger(ToolResults.class.getName());

    private ToolResults() {}

    static CallToolResult ok(String text, Map<String, Object> structured) {
        return CallToolResult.builder().addTextContent(text).structuredContent(structured).isError(false).build();
    }

    /** A mistake the caller can fix: its message is what the caller reads. */
    static CallToolResult refused(IllegalArgumentException e) {
        return CallToolResult.builder().addTextContent(e.getMessage()).isError(true).build();
    }

    /** Our failure or the database's: logged in full, reported without internals. */
    static CallToolResult failed(String tool, RuntimeException e) {
        LOG.log(Level.ERROR, "the MCP tool " + tool + " failed", e);
        return CallToolResult.builder()
                .addTextContent("Engram could not run " + tool + " because of an internal error, which has been logged;"
                        + " try again later")
                .isError(true).build();
    }
}
