package dev.engram.llm.anthropic;

import com.anthropic.helpers.BetaMemoryToolHandler;
import com.anthropic.models.beta.AnthropicBeta;
import com.anthropic.models.beta.messages.BetaMemoryTool20250818;
import dev.engram.llm.MemoryToolCommands;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Hands a {@link MemoryToolCommands} backend (Engram's {@code memorytool.MemoryTool} for one user)
 * to the Anthropic SDK's tool runner as its {@link BetaMemoryToolHandler}. The runner calls it on
 * the thread that iterates it; a command that throws becomes a {@code tool_result} with
 * {@code is_error: true} and the text {@code "Error: " + message}, so this class lets
 * {@link IllegalArgumentException}s through unchanged. One instance serves one user.
 *
 * <pre>{@code
 * MessageCreateParams params = MessageCreateParams.builder()
 *         .model("claude-sonnet-4-6").maxTokens(1024)
 *         .addBeta(AnthropicMemoryToolHandler.BETA)
 *         .addTool(AnthropicMemoryToolHandler.definition())
 *         .addUserMessage("Remember that I like green tea.")
 *         .build();
 * for (BetaMessage m : client.beta().messages().toolRunner(ToolRunnerCreateParams.builder()
 *         .initialMessageParams(params)
 *         .betaMemoryToolHandler(new AnthropicMemoryToolHandler(wiring.memoryTool(user)))
 *         .build())) { ... }
 * }</pre>
 */
public final class AnthropicMemoryToolHandler implements BetaMemoryToolHandler {
    /** The beta the memory tool's documentation names for it. */
    public static final AnthropicBeta BETA = AnthropicBeta.CONTEXT_MANAGEMENT_2025_06_27;

    private final MemoryToolCommands commands;

    public AnthropicMemoryToolHandler(MemoryToolCommands commands) {
        this.commands = Objects.requireNonNull(commands, "commands");
    }

    /** The tool to add to the request: {@code {"type": "memory_20250818", "name": "memory"}}. */
    public static BetaMemoryTool20250818 definition() {
        return BetaMemoryTool20250818.builder().build();
    }

    @Override
    public String view(String path, Optional<List<Long>> viewRange) {
        return commands.view(path, viewRange.orElse(null));
    }

    @Override
    public String create(String path, String fileText) {
        return commands.create(path, fileText);
    }

    @Override
    public String strReplace(String path, String oldStr, String newStr) {
        return commands.strReplace(path, oldStr, newStr);
    }

    @Override
    public String insert(String path, long insertLine, String insertText) {
        return commands.insert(path, insertLine, insertText);
    }

    @Override
    public String delete(String path) {
        return commands.delete(path);
    }

    @Override
    public String rename(String oldPath, String newPath) {
        return commands.rename(oldPath, newPath);
    }
}
