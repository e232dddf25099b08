package dev.engram.springai;

import dev.engram.llm.fake.CapturedRequest;
import dev.engram.llm.fake.FakeMessagesServer;
import dev.engram.llm.fake.FakeReply;
import java.util.List;

/**
 * The one fake Messages server both models talk to in these tests: Spring AI's Anthropic chat model
 * and Engram's own memory model. Chat requests get "Reply to: MESSAGE"; an extraction request yields
 * the fact of a message that mentions a job, and nothing for any other.
 */
final class FakeModel {
    static final FakeMessagesServer SERVER = FakeMessagesServer.started().fallback(FakeModel::answer);

    static final String NURSE_MESSAGE = "My name is Alice and I work as a nurse in Leeds.";
    static final String NURSE_FACT = "Works as a nurse in Leeds.";

    private FakeModel() {}

    private static FakeReply answer(CapturedRequest request) {
        if (request.isChat()) {
            return FakeReply.text("Reply to: " + request.lastUserText());
        }
        String tool = request.forcedTool().orElseThrow();
        if (!tool.equals("record_memories")) {
            return null; // an unexpected memory call fails loudly (HTTP 500 from the fake)
        }
        String facts = request.lastUserText().contains(NURSE_MESSAGE)
                ? "{\"statement\":\"" + NURSE_FACT + "\",\"subject\":\"user\",\"kind\":\"fact\","
                        + "\"certainty\":\"explicit\",\"durable\":true}"
                : "";
        return FakeReply.toolUse(tool, "{\"facts\":[" + facts + "],\"entities\":[]}");
    }

    /** The chat requests (Spring AI's) whose last user message is {@code text}. */
    static List<CapturedRequest> chatRequestsFor(String text) {
        return SERVER.chatRequests().stream().filter(r -> r.lastUserText().equals(text)).toList();
    }

    /** The system prompt of the one chat request whose last user message is {@code text}. */
    static String systemPromptOf(String text) {
        List<CapturedRequest> requests = chatRequestsFor(text);
        if (requests.size() != 1) {
            throw new AssertionError(requests.size() + " chat requests for '" + text + "', expected 1");
        }
        return requests.get(0).body().path("system").asText();
    }
}
