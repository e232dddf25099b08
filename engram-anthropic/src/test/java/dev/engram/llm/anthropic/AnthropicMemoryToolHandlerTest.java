package dev.engram.llm.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.beta.messages.BetaContentBlock;
import com.anthropic.models.beta.messages.BetaMessage;
import com.anthropic.models.beta.messages.MessageCreateParams;
import com.anthropic.models.beta.messages.ToolRunnerCreateParams;
import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.llm.fake.CapturedRequest;
import dev.engram.llm.fake.FakeMessagesServer;
import dev.engram.llm.fake.FakeReply;
import dev.engram.memory.MemoryFile;
import dev.engram.memory.MemoryStore;
import dev.engram.memory.UserId;
import dev.engram.memorytool.MemoryTool;
import dev.engram.store.StoreFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SDK's own tool runner ({@code client.beta().messages().toolRunner}) with Engram's memory tool
 * as its {@code betaMemoryToolHandler}, against {@link FakeMessagesServer} scripted to issue memory
 * tool calls; the requests the fake received show what the model was told. Runs with
 * {@code thread(false)}, so that every request carries the whole conversation (see README).
 */
class AnthropicMemoryToolHandlerTest {
    private static final UserId ALICE = UserId.of("alice");
    private static final UserId BOB = UserId.of("bob");

    @TempDir
    Path dir;

    private FakeMessagesServer fake;
    private MemoryStore store;
    private AnthropicClient client;

    @BeforeEach
    void start() {
        fake = FakeMessagesServer.started();
        store = StoreFactory.open("jdbc:sqlite:" + dir.resolve("engram.db"), dir);
        client = AnthropicOkHttpClient.builder().baseUrl(fake.baseUrl()).apiKey("test-key").maxRetries(0).build();
    }

    @AfterEach
    void stop() {
        client.close();
        store.close();
        fake.close();
    }

    private static FakeReply.ToolUse memory(String input) {
        return new FakeReply.ToolUse("memory", input);
    }

    /** Runs one conversation for {@code user}: every message the runner yields. */
    private List<BetaMessage> converse(UserId user, String message) {
        MessageCreateParams params = MessageCreateParams.builder()
                .model("claude-test")
                .maxTokens(1024)
                .addBeta(AnthropicMemoryToolHandler.BETA)
                .addTool(AnthropicMemoryToolHandler.definition())
                .addUserMessage(message)
                .build();
        List<BetaMessage> turns = new ArrayList<>();
        client.beta().messages().toolRunner(ToolRunnerCreateParams.builder()
                        .initialMessageParams(params)
                        .betaMemoryToolHandler(new AnthropicMemoryToolHandler(new MemoryTool(store.files(), () -> null, user)))
                        .maxIterations(10)
                        .thread(false)
                        .build())
                .forEach(turns::add);
        return turns;
    }

    private List<CapturedRequest> messageRequests() {
        return fake.requests().stream().filter(r -> r.path().equals(FakeMessagesServer.MESSAGES_PATH)).toList();
    }

    /** The tool_result blocks of the last message of a request, which answer the previous reply's tool calls. */
    private static List<JsonNode> toolResults(CapturedRequest request) {
        JsonNode messages = request.body().path("messages");
        JsonNode last = messages.get(messages.size() - 1);
        assertThat(last.path("role").asText()).isEqualTo("user");
        List<JsonNode> results = new ArrayList<>();
        last.path("content").forEach(results::add);
        assertThat(results).allSatisfy(block -> assertThat(block.path("type").asText()).isEqualTo("tool_result"));
        return results;
    }

    private static List<String> toolUseIds(BetaMessage message) {
        return message.content().stream().filter(BetaContentBlock::isToolUse).map(b -> b.asToolUse().id()).toList();
    }

    @Test
    void toolRunner_withEngramsHandler_keepsTheModelsFilesInEngramAndAnswersEveryCall() {
        fake.enqueue(
                FakeReply.toolCalls(memory("{\"command\":\"view\",\"path\":\"/memories\"}")),
                FakeReply.toolCalls(
                        memory("{\"command\":\"create\",\"path\":\"/memories/prefs.md\",\"file_text\":\"# Prefs\\n- tea: green\\n\"}"),
                        memory("{\"command\":\"str_replace\",\"path\":\"/memories/prefs.md\",\"old_str\":\"green\",\"new_str\":\"jasmine\"}"),
                        memory("{\"command\":\"insert\",\"path\":\"/memories/prefs.md\",\"insert_line\":1,\"insert_text\":\"- name: Ada\"}"),
                        memory("{\"command\":\"view\",\"path\":\"/memories/prefs.md\",\"view_range\":[1,2]}")),
                FakeReply.toolCalls(
                        memory("{\"command\":\"create\",\"path\":\"/memories/prefs.md\",\"file_text\":\"again\"}"),
                        memory("{\"command\":\"view\",\"path\":\"/memories/nope.md\"}"),
                        memory("{\"command\":\"view\",\"path\":\"/memories/../etc/passwd\"}"),
                        memory("{\"command\":\"rename\",\"old_path\":\"/memories/prefs.md\",\"new_path\":\"/memories/user/prefs.md\"}"),
                        memory("{\"command\":\"delete\",\"path\":\"/memories\"}"),
                        memory("{\"command\":\"view\",\"path\":\"/memories\"}")),
                FakeReply.text("Noted: you like jasmine tea."));

        List<BetaMessage> turns = converse(ALICE, "Remember that I like green tea. No, jasmine.");

        List<CapturedRequest> requests = messageRequests();
        assertThat(requests).hasSize(4);
        assertThat(turns).hasSize(4);
        assertThat(turns.get(3).content().get(0).asText().text()).isEqualTo("Noted: you like jasmine tea.");
        for (CapturedRequest request : requests) {
            assertThat(request.header("anthropic-beta")).contains("context-management-2025-06-27");
            assertThat(request.body().path("tools").get(0).path("type").asText()).isEqualTo("memory_20250818");
            assertThat(request.body().path("tools").get(0).path("name").asText()).isEqualTo("memory");
            assertThat(request.body().has("thread")).as("thread(false) sends the whole conversation").isFalse();
        }
        for (int i = 1; i < requests.size(); i++) {
            // Each request answers every tool call of the reply before it, in order, after resending that reply.
            assertThat(toolResults(requests.get(i))).extracting(r -> r.path("tool_use_id").asText())
                    .containsExactlyElementsOf(toolUseIds(turns.get(i - 1)));
            assertThat(requests.get(i).body().path("messages")).hasSize(2 * i + 1);
        }
        assertThat(toolResults(requests.get(1))).singleElement().satisfies(r -> assertThat(r.path("content").asText())
                .isEqualTo("Here're the files and directories up to 2 levels deep in /memories, excluding hidden items"
                        + " and node_modules:\n0B\t/memories"));
        assertThat(toolResults(requests.get(2))).extracting(r -> r.path("content").asText(), r -> r.path("is_error").asBoolean(false))
                .containsExactly(
                        tuple("File created successfully at: /memories/prefs.md", false),
                        tuple("The memory file has been edited. Here is the snippet showing the change"
                                + " (with line numbers):\n     1\t# Prefs\n     2\t- tea: jasmine\n     3\t", false),
                        tuple("The file /memories/prefs.md has been edited.", false),
                        tuple("Here's the content of /memories/prefs.md with line numbers:\n"
                                + "     1\t# Prefs\n     2\t- name: Ada", false));
        assertThat(toolResults(requests.get(3))).extracting(r -> r.path("content").asText(), r -> r.path("is_error").asBoolean(false))
                .containsExactly(
                        tuple("Error: File /memories/prefs.md already exists", true),
                        tuple("Error: The path /memories/nope.md does not exist. Please provide a valid path.", true),
                        tuple("Error: Path /memories/../etc/passwd would escape /memories directory", true),
                        tuple("Successfully renamed /memories/prefs.md to /memories/user/prefs.md", false),
                        tuple("Error: Cannot delete the /memories directory itself", true),
                        tuple("Here're the files and directories up to 2 levels deep in /memories,"
                                + " excluding hidden items and node_modules:\n35B\t/memories\n35B\t/memories/user/\n"
                                + "35B\t/memories/user/prefs.md", false));

        assertThat(store.files().files(ALICE)).singleElement().satisfies(f -> {
            assertThat(f.path().value()).isEqualTo("/memories/user/prefs.md");
            assertThat(f.content()).isEqualTo("# Prefs\n- name: Ada\n- tea: jasmine\n");
            assertThat(f.version()).isEqualTo(3);
        });
        assertThat(store.files().files(BOB)).isEmpty();
    }

    @Test
    void aLaterConversation_readsWhatAnEarlierOneWrote_andAnotherUserSeesNone() {
        new MemoryTool(store.files(), () -> null, ALICE).create("/memories/prefs.md", "tea: jasmine");
        FakeReply viewPrefs = FakeReply.toolCalls(memory("{\"command\":\"view\",\"path\":\"/memories/prefs.md\"}"));
        fake.enqueue(viewPrefs, FakeReply.text("You like jasmine tea."), viewPrefs, FakeReply.text("I have no notes on you."));

        converse(ALICE, "What tea do I like?");
        converse(BOB, "What tea do I like?");

        List<CapturedRequest> requests = messageRequests();
        assertThat(toolResults(requests.get(1))).singleElement().satisfies(r -> {
            assertThat(r.path("content").asText()).isEqualTo(
                    "Here's the content of /memories/prefs.md with line numbers:\n     1\ttea: jasmine");
            assertThat(r.path("is_error").asBoolean(false)).isFalse();
        });
        assertThat(toolResults(requests.get(3))).singleElement().satisfies(r -> {
            assertThat(r.path("content").asText()).isEqualTo(
                    "Error: The path /memories/prefs.md does not exist. Please provide a valid path.");
            assertThat(r.path("is_error").asBoolean()).isTrue();
        });
        assertThat(store.files().files(ALICE)).extracting(MemoryFile::content).containsExactly("tea: jasmine");
    }
}
