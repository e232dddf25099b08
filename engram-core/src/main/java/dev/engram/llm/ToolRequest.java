package dev.engram.llm;

import java.util.Map;
import java.util.Objects;

/**
 * A request that forces the model to call one tool, so that its answer is JSON matching
 * {@code inputSchema} (a JSON Schema object with {@code type: object}, given as nested maps and lists).
 */
public record ToolRequest(String model, int maxTokens, String system, String prompt, String toolName,
                          String toolDescription, Map<String, Object> inputSchema) {
    public ToolRequest {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(toolName, "toolName");
        Objects.requireNonNull(toolDescription, "toolDescription");
        inputSchema = Map.copyOf(inputSchema);
    }
}
