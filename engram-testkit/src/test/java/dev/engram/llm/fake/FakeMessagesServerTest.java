package dev.engram.llm.fake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fake's own wire behaviour, checked with the JDK HTTP client (the SDK path is in the anthropic tests). */
class FakeMessagesServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHAT = "{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String TOOL = "{\"model\":\"m\",\"max_tokens\":5,\"tool_choice\":{\"type\":\"tool\",\"name\":\"t\"},"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    private final FakeMessagesServer fake = FakeMessagesServer.started();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        fake.close();
    }

    private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(fake.baseUrl() + path))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void textWithoutStreaming_isOneJsonMessage() throws Exception {
        fake.enqueue(FakeReply.text("Hi there"));

        HttpResponse<String> response = post(FakeMessagesServer.MESSAGES_PATH, CHAT);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode message = JSON.readTree(response.body());
        assertThat(message.path("type").asText()).isEqualTo("message");
        assertThat(message.path("content").get(0).path("text").asText()).isEqualTo("Hi there");
        assertThat(message.path("stop_reason").asText()).isEqualTo("end_turn");
        assertThat(message.path("usage").path("input_tokens").asLong()).isPositive();
    }

    @Test
    void toolUseWithoutStreaming_carriesTheRawInputVerbatim() throws Exception {
        fake.onTool("t", FakeReply.toolUse("t", "{\"a\": [1, 2]}"));

        HttpResponse<String> response = post(FakeMessagesServer.MESSAGES_PATH, TOOL);

        assertThat(response.body()).contains("\"input\":{\"a\": [1, 2]}");
        assertThat(JSON.readTree(response.body()).path("stop_reason").asText()).isEqualTo("tool_use");
    }

    @Test
    void toolCalls_areOneMessageWithABlockPerCallInOrder_streamedOrNot() throws Exception {
        FakeReply calls = FakeReply.toolCalls(new FakeReply.ToolUse("memory", "{\"command\":\"view\",\"path\":\"/memories\"}"),
                new FakeReply.ToolUse("memory", "{\"command\":\"delete\",\"path\":\"/memories/a\"}"));
        fake.enqueue(calls, calls);

        JsonNode message = JSON.readTree(post(FakeMessagesServer.MESSAGES_PATH, CHAT).body());
        String stream = post(FakeMessagesServer.MESSAGES_PATH, CHAT.replace("{\"model\"", "{\"stream\":true,\"model\"")).body();

        assertThat(message.path("stop_reason").asText()).isEqualTo("tool_use");
        assertThat(message.path("content")).hasSize(2);
        assertThat(message.path("content").get(0).path("input").path("command").asText()).isEqualTo("view");
        assertThat(message.path("content").get(1).path("input").path("path").asText()).isEqualTo("/memories/a");
        assertThat(message.path("content").get(0).path("id").asText()).isNotEqualTo(message.path("content").get(1).path("id").asText());
        assertThat(stream).contains("\"index\":1", "\"stop_reason\":\"tool_use\"", "message_stop");
    }

    @Test
    void replies_comeFromTheMatchingQueueFirst_thenTheSharedQueue_thenTheFallback() throws Exception {
        fake.enqueue(FakeReply.text("shared"));
        fake.onTool("t", FakeReply.toolUse("t", "{}"));
        fake.onChat(FakeReply.text("chat"));
        fake.fallback(request -> FakeReply.text("echo: " + request.lastUserText()));

        assertThat(post(FakeMessagesServer.MESSAGES_PATH, TOOL).body()).contains("tool_use");
        assertThat(post(FakeMessagesServer.MESSAGES_PATH, CHAT).body()).contains("\"chat\"");
        assertThat(post(FakeMessagesServer.MESSAGES_PATH, TOOL).body()).contains("\"shared\"");
        assertThat(post(FakeMessagesServer.MESSAGES_PATH, CHAT).body()).contains("echo: hi");
        assertThat(fake.pendingReplies()).isZero();
        assertThat(fake.chatRequests()).hasSize(2);
        assertThat(fake.toolRequests("t")).hasSize(2);
    }

    @Test
    void emptyScript_answers500SayingTheScriptRanOut() throws Exception {
        HttpResponse<String> response = post(FakeMessagesServer.MESSAGES_PATH, TOOL);

        assertThat(response.statusCode()).isEqualTo(500);
        JsonNode error = JSON.readTree(response.body());
        assertThat(error.path("type").asText()).isEqualTo("error");
        assertThat(error.path("error").path("message").asText()).contains("script ran out", "tool 't'");
    }

    @Test
    void overloaded_hasAnthropicErrorShapeAndRetryAfter() throws Exception {
        fake.enqueue(FakeReply.overloaded());

        HttpResponse<String> response = post(FakeMessagesServer.MESSAGES_PATH, CHAT);

        assertThat(response.statusCode()).isEqualTo(529);
        assertThat(response.headers().firstValue("retry-after")).hasValue("0");
        assertThat(JSON.readTree(response.body()).path("error").path("type").asText()).isEqualTo("overloaded_error");
    }

    @Test
    void countTokens_answersARoughCount_andIsCaptured() throws Exception {
        HttpResponse<String> response = post(FakeMessagesServer.COUNT_TOKENS_PATH, CHAT);

        assertThat(JSON.readTree(response.body()).path("input_tokens").asLong()).isPositive();
        assertThat(fake.lastRequest().path()).isEqualTo(FakeMessagesServer.COUNT_TOKENS_PATH);
        assertThat(fake.chatRequests()).isEmpty();
    }

    @Test
    void unknownPath_answers404() throws Exception {
        assertThat(post("/v1/complete", CHAT).statusCode()).isEqualTo(404);
    }
}
