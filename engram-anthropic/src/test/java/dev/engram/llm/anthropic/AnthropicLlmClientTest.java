package dev.engram.llm.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.llm.ChatMessage;
import dev.engram.llm.ChatReply;
import dev.engram.llm.ChatRequest;
import dev.engram.llm.LlmException;
import dev.engram.llm.MalformedOutputException;
import dev.engram.llm.ReplyStop;
import dev.engram.llm.PermanentLlmException;
import dev.engram.llm.SystemBlock;
import dev.engram.llm.ToolRequest;
import dev.engram.llm.TransientLlmException;
import dev.engram.llm.Usage;
import dev.engram.llm.fake.CapturedRequest;
import dev.engram.llm.fake.FakeMessagesServer;
import dev.engram.llm.fake.FakeReply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real SDK, through {@link AnthropicLlmClient}, talking HTTP to {@link FakeMessagesServer}. */
class AnthropicLlmClientTest {
    private static final String MODEL = "claude-test";
    private static final Map<String, Object> FACTS_SCHEMA = Map.of(
            "type", "object",
            "properties", Map.of("facts", Map.of("type", "array", "items", Map.of("type", "string"))),
            "required", List.of("facts"));

    private FakeMessagesServer fake;
    private final List<AnthropicLlmClient> clients = new ArrayList<>();

    @BeforeEach
    void startFake() {
        fake = FakeMessagesServer.started();
    }

    @AfterEach
    void stopAll() {
        clients.forEach(AnthropicLlmClient::close);
        fake.close();
    }

    private AnthropicLlmClient client(int maxRetries) {
        return client(Duration.ofSeconds(5), maxRetries);
    }

    private AnthropicLlmClient client(Duration timeout, int maxRetries) {
        AnthropicLlmClient client = new AnthropicLlmClient("test-key", fake.baseUrl(), timeout, maxRetries);
        clients.add(client);
        return client;
    }

    private static ChatRequest chatRequest(List<SystemBlock> system, ChatMessage... messages) {
        return new ChatRequest(MODEL, 512, system, List.of(messages));
    }

    private static ChatRequest hello() {
        return chatRequest(List.of(), ChatMessage.user("Hello"));
    }

    private static ToolRequest factsTool() {
        return new ToolRequest(MODEL, 512, "Extract facts.", "I live in Lyon.", "record_facts",
                "Records facts about the user.", FACTS_SCHEMA);
    }

    @Test
    void chat_streamsTextInSeveralFragments_andReturnsWholeText() {
        fake.onChat(FakeReply.text("I remember that you live in Lyon."));
        List<String> fragments = new ArrayList<>();

        ChatReply reply = client(0).chat(hello(), fragments::add, new ReplyStop());

        assertThat(fragments).hasSizeGreaterThan(1);
        assertThat(String.join("", fragments)).isEqualTo("I remember that you live in Lyon.");
        assertThat(reply.text()).isEqualTo("I remember that you live in Lyon.");
        assertThat(reply.stopReason()).isEqualTo("end_turn");
        assertThat(reply.usage().inputTokens()).isPositive();
        assertThat(reply.usage().outputTokens()).isPositive();
        assertThat(fake.lastRequest().streaming()).isTrue();
    }

    @Test
    void chat_sendsSystemBlocksAsTopLevelSystem_withCacheControlOnlyOnBreakpoints() {
        fake.onChat(FakeReply.text("ok"));

        client(0).chat(chatRequest(List.of(new SystemBlock("You are Engram.", true), new SystemBlock("Facts: none", false)),
                ChatMessage.user("Hi")), text -> { }, new ReplyStop());

        JsonNode body = fake.lastRequest().body();
        assertThat(body.path("model").asText()).isEqualTo(MODEL);
        assertThat(body.path("max_tokens").asInt()).isEqualTo(512);
        JsonNode system = body.path("system");
        assertThat(system.isArray()).isTrue();
        assertThat(system).hasSize(2);
        assertThat(system.get(0).path("type").asText()).isEqualTo("text");
        assertThat(system.get(0).path("text").asText()).isEqualTo("You are Engram.");
        assertThat(system.get(0).path("cache_control").path("type").asText()).isEqualTo("ephemeral");
        assertThat(system.get(1).path("text").asText()).isEqualTo("Facts: none");
        assertThat(system.get(1).has("cache_control")).isFalse();
        assertThat(body.path("messages")).hasSize(1);
        assertThat(body.path("messages").get(0).path("role").asText()).isEqualTo("user");
    }

    @Test
    void chat_messageWithCacheBreakpoint_isSentAsTextBlockWithCacheControl() {
        fake.onChat(FakeReply.text("ok"));

        client(0).chat(chatRequest(List.of(),
                new ChatMessage(ChatMessage.Speaker.USER, "Earlier question", false),
                new ChatMessage(ChatMessage.Speaker.ASSISTANT, "Earlier answer", true),
                ChatMessage.user("New question")), text -> { }, new ReplyStop());

        JsonNode messages = fake.lastRequest().body().path("messages");
        assertThat(messages).hasSize(3);
        assertThat(messages.get(0).path("content").asText()).isEqualTo("Earlier question");
        JsonNode marked = messages.get(1);
        assertThat(marked.path("role").asText()).isEqualTo("assistant");
        assertThat(marked.path("content").isArray()).isTrue();
        assertThat(marked.path("content").get(0).path("text").asText()).isEqualTo("Earlier answer");
        assertThat(marked.path("content").get(0).path("cache_control").path("type").asText()).isEqualTo("ephemeral");
        assertThat(messages.get(2).path("content").asText()).isEqualTo("New question");
    }

    @Test
    void chat_samePrefixTwice_reportsCacheWriteThenCacheRead() {
        fake.onChat(FakeReply.text("one"), FakeReply.text("two"));
        AnthropicLlmClient client = client(0);
        ChatRequest request = chatRequest(List.of(new SystemBlock("A long stable system prompt.", true)),
                ChatMessage.user("Hi"));

        Usage first = client.chat(request, text -> { }, new ReplyStop()).usage();
        Usage second = client.chat(request, text -> { }, new ReplyStop()).usage();

        assertThat(first.cacheWriteTokens()).isPositive();
        assertThat(first.cacheReadTokens()).isZero();
        assertThat(second.cacheReadTokens()).isEqualTo(first.cacheWriteTokens());
        assertThat(second.cacheWriteTokens()).isZero();
    }

    @Test
    void callTool_returnsParsedInput_andForcesTheToolWithItsSchema() {
        fake.onTool("record_facts", FakeReply.toolUse("record_facts", "{\"facts\":[\"lives in Lyon\"]}"));

        JsonNode input = client(0).callTool(factsTool());

        assertThat(input.path("facts").get(0).asText()).isEqualTo("lives in Lyon");
        CapturedRequest request = fake.toolRequests("record_facts").get(0);
        JsonNode body = request.body();
        assertThat(body.path("tool_choice").path("type").asText()).isEqualTo("tool");
        assertThat(body.path("tool_choice").path("name").asText()).isEqualTo("record_facts");
        JsonNode tool = body.path("tools").get(0);
        assertThat(tool.path("name").asText()).isEqualTo("record_facts");
        assertThat(tool.path("description").asText()).isEqualTo("Records facts about the user.");
        assertThat(tool.path("input_schema").path("type").asText()).isEqualTo("object");
        assertThat(tool.path("input_schema").path("required").get(0).asText()).isEqualTo("facts");
        assertThat(tool.path("input_schema").path("properties").path("facts").path("type").asText()).isEqualTo("array");
        assertThat(body.path("system").toString()).contains("Extract facts.");
        assertThat(request.lastUserText()).isEqualTo("I live in Lyon.");
        assertThat(fake.chatRequests()).isEmpty();
    }

    @Test
    void callTool_modelAnswersWithTextInstead_throwsMalformedOutput() {
        fake.onTool("record_facts", FakeReply.text("I would rather chat."));

        assertThatThrownBy(() -> client(0).callTool(factsTool()))
                .isInstanceOf(MalformedOutputException.class)
                .hasMessageContaining("without calling tool 'record_facts'")
                .hasMessageContaining("I would rather chat.");
    }

    @Test
    void callTool_brokenJson_throwsMalformedOutput() {
        fake.onTool("record_facts", FakeReply.toolUse("record_facts", "{\"facts\": [\"lives in"));

        assertThatThrownBy(() -> client(0).callTool(factsTool()))
                .isInstanceOf(MalformedOutputException.class)
                .hasMessageContaining("broken JSON for tool 'record_facts'");
    }

    @Test
    void callTool_inputNotAnObject_throwsMalformedOutput() {
        fake.onTool("record_facts", FakeReply.toolUse("record_facts", "[1, 2]"));

        assertThatThrownBy(() -> client(0).callTool(factsTool()))
                .isInstanceOf(MalformedOutputException.class)
                .hasMessageContaining("not a JSON object");
    }

    @Test
    void rateLimited_throwsTransientWith429() {
        fake.onChat(FakeReply.rateLimited());

        assertTransient(() -> client(0).chat(hello(), text -> { }, new ReplyStop()), 429, "rate limited");
    }

    @Test
    void serverError_throwsTransientWith500() {
        fake.onChat(FakeReply.error(500, "api_error", "Internal server error"));

        assertTransient(() -> client(0).chat(hello(), text -> { }, new ReplyStop()), 500, "Internal server error");
    }

    @Test
    void overloaded_throwsTransientWith529() {
        fake.onTool("record_facts", FakeReply.overloaded());

        assertTransient(() -> client(0).callTool(factsTool()), 529, "overloaded (HTTP 529)");
    }

    @Test
    void overloadedOnce_withRetries_succeeds() {
        fake.onChat(FakeReply.overloaded(), FakeReply.text("Back again."));

        ChatReply reply = client(2).chat(hello(), text -> { }, new ReplyStop());

        assertThat(reply.text()).isEqualTo("Back again.");
        assertThat(fake.chatRequests()).hasSize(2);
    }

    @Test
    void nothingListening_throwsModelUnreachable() throws Exception {
        String closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = "http://127.0.0.1:" + socket.getLocalPort();
        }
        AnthropicLlmClient client = new AnthropicLlmClient("test-key", closed, Duration.ofSeconds(5), 0);
        clients.add(client);

        assertThatThrownBy(() -> client.chat(hello(), text -> { }, new ReplyStop()))
                .isInstanceOf(dev.engram.llm.ModelUnreachableException.class)
                .hasMessageContaining("could not be reached");
    }

    @Test
    @org.junit.jupiter.api.Timeout(60)
    void stopRequestedFromAnotherThread_whileTheStreamStalls_returnsWhatArrived() throws Exception {
        fake.onChat(FakeReply.stall("Once upon a time"));
        ReplyStop stop = new ReplyStop();
        java.util.concurrent.CountDownLatch shown = new java.util.concurrent.CountDownLatch(1);
        StringBuilder seen = new StringBuilder();
        Thread stopper = new Thread(() -> {
            try {
                shown.await();
                stop.request();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        stopper.start();

        ChatReply reply = client(0).chat(hello(), text -> {
            seen.append(text);
            if (seen.toString().contains("time")) {
                shown.countDown();
            }
        }, stop);

        stopper.join();
        assertThat(reply.stopped()).isTrue();
        assertThat(reply.stopReason()).isEqualTo(ChatReply.STOPPED);
        assertThat(reply.text()).isEqualTo("Once upon a time").isEqualTo(seen.toString());
    }

    @Test
    void stopRequestedAfterTheReplyFinished_changesNothing() {
        fake.onChat(FakeReply.text("All done."));
        ReplyStop stop = new ReplyStop();

        ChatReply reply = client(0).chat(hello(), text -> { }, stop);
        stop.request();

        assertThat(reply.stopped()).isFalse();
        assertThat(reply.text()).isEqualTo("All done.");
    }

    @Test
    void slowServer_throwsTransientTimeout() {
        fake.onChat(FakeReply.delay(Duration.ofSeconds(2), FakeReply.text("too late")));

        assertTransient(() -> client(Duration.ofMillis(300), 0).chat(hello(), text -> { }, new ReplyStop()), 0,
                "timed out waiting for the model server (timeout 300 ms)");
    }

    @Test
    void cutStream_throwsTransient_afterPassingOnThePartialText() {
        fake.onChat(FakeReply.cutStream("Half an ans"));
        List<String> fragments = new ArrayList<>();

        assertTransient(() -> client(0).chat(hello(), fragments::add, new ReplyStop()), 0, "connection");
        assertThat(String.join("", fragments)).isEqualTo("Half an ans");
    }

    @Test
    void errorEventMidStream_throwsTransientWithTheEventsStatus() {
        fake.onChat(FakeReply.streamError("Let me th", "overloaded_error", "Overloaded"));

        assertTransient(() -> client(0).chat(hello(), text -> { }, new ReplyStop()), 529, "Overloaded");
    }

    @Test
    void onTextFailure_passesThroughUntranslated() {
        fake.onChat(FakeReply.text("Hello there"));
        IllegalStateException browserGone = new IllegalStateException("browser went away");

        assertThatThrownBy(() -> client(0).chat(hello(), text -> {
            throw browserGone;
        }, new ReplyStop())).isSameAs(browserGone);
    }

    @Test
    void badRequest_throwsPermanentWith400() {
        fake.onChat(FakeReply.error(400, "invalid_request_error", "max_tokens: must be positive"));

        assertPermanent(() -> client(2).chat(hello(), text -> { }, new ReplyStop()), 400, "max_tokens: must be positive");
        assertThat(fake.chatRequests()).hasSize(1);
    }

    @Test
    void badKey_throwsPermanentWith401() {
        fake.onChat(FakeReply.error(401, "authentication_error", "invalid x-api-key"));

        assertPermanent(() -> client(0).chat(hello(), text -> { }, new ReplyStop()), 401, "API key was not accepted");
    }

    @Test
    void scriptRanOut_failsLoudlyWithTheFakesMessage() {
        assertTransient(() -> client(0).chat(hello(), text -> { }, new ReplyStop()), 500, "script ran out");
    }

    private static void assertTransient(Runnable call, int status, String messagePart) {
        assertThatThrownBy(call::run)
                .isInstanceOf(TransientLlmException.class)
                .hasMessageContaining(messagePart)
                .satisfies(e -> assertThat(((LlmException) e).status()).isEqualTo(status))
                .satisfies(e -> assertThat(((LlmException) e).retriable()).isTrue());
    }

    private static void assertPermanent(Runnable call, int status, String messagePart) {
        assertThatThrownBy(call::run)
                .isInstanceOf(PermanentLlmException.class)
                .hasMessageContaining(messagePart)
                .satisfies(e -> assertThat(((LlmException) e).status()).isEqualTo(status))
                .satisfies(e -> assertThat(((LlmException) e).retriable()).isFalse());
    }
}
