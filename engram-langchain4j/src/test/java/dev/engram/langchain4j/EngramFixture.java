package dev.engram.langchain4j;

import dev.engram.Engram;
import dev.engram.llm.fake.CapturedRequest;
import dev.engram.llm.fake.FakeMessagesServer;
import dev.engram.llm.fake.FakeReply;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.ChatModel;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real Engram on a SQLite file in {@code dir}, with Engram's own Anthropic client as its memory
 * model and langchain4j-anthropic as the application's chat model, both talking to one fake
 * Messages server. The fake answers chat requests with {@link #REPLY} and plays the memory model:
 * a user line that mentions peanuts yields the fact {@link #PEANUTS}, any other line none.
 */
final class EngramFixture implements AutoCloseable {
    static final String REPLY = "Noted.";
    static final String PEANUTS = "Is allergic to peanuts.";

    final FakeMessagesServer fake = FakeMessagesServer.started();
    final Engram engram;

    EngramFixture(Path dir) {
        fake.fallback(EngramFixture::answer);
        engram = Engram.builder()
                .home(dir)
                .sqlite(dir.resolve("engram.db"))
                .anthropic("test-key", fake.baseUrl())
                .modelTimeout(Duration.ofSeconds(10), 0)
                .memoryModel("memory-model")
                .embedder("none")
                .build();
    }

    /** The application's model: langchain4j-anthropic, which needs the "/v1" that Engram's client adds itself. */
    ChatModel chatModel() {
        return AnthropicChatModel.builder()
                .baseUrl(fake.baseUrl() + "/v1")
                .apiKey("test-key")
                .modelName("claude-test")
                .maxTokens(256)
                .maxRetries(0)
                .build();
    }

    /** Runs the background memory work queued so far and checks that none is left. */
    void finishMemoryWork() {
        Engram.PendingWork left = engram.finishPendingWork(Duration.ofSeconds(30));
        if (left.jobs() != 0) {
            throw new AssertionError("memory jobs left after waiting: " + left);
        }
    }

    private static FakeReply answer(CapturedRequest request) {
        String tool = request.forcedTool().orElse(null);
        if (tool == null) {
            return FakeReply.text(REPLY);
        }
        return FakeReply.toolUse(tool, switch (tool) {
            case "record_memories" -> newestUserLine(request.lastUserText()).contains("peanuts")
                    ? "{\"facts\":[{\"statement\":\"" + PEANUTS + "\",\"subject\":\"user\",\"key\":\"allergy\","
                            + "\"certainty\":\"explicit\",\"durable\":true}],\"entities\":[]}"
                    : "{\"facts\":[],\"entities\":[]}";
            case "review_facts" -> "{\"verdicts\":[{\"index\":1,\"about_user\":true,\"lasting\":true}]}";
            case "consolidate_facts" -> "{\"decisions\":[{\"candidate\":1,\"action\":\"ADD\",\"known\":0}]}";
            case "record_session_summary", "record_long_term_summary" -> "{\"summary\":\"A short chat.\"}";
            default -> "{}";
        });
    }

    private static String newestUserLine(String prompt) {
        String last = "";
        for (String line : prompt.lines().toList()) {
            if (line.startsWith("USER: ")) {
                last = line;
            }
        }
        return last;
    }

    @Override
    public void close() {
        engram.close();
        fake.close();
    }
}
