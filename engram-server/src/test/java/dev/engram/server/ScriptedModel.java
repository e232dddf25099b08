package dev.engram.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.llm.fake.CapturedRequest;
import dev.engram.llm.fake.FakeReply;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fake model's default behaviour in the server tests: chat replies echo the message; a
 * message "remember: X" makes extraction record the explicit, durable fact "X"; consolidation
 * adds every new fact; summaries are one fixed sentence. Tests queue special replies (faults)
 * in front of this fallback.
 */
final class ScriptedModel {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern REMEMBER = Pattern.compile("(?m)^USER: remember: (.+)$");
    private static final Pattern NEW_FACT = Pattern.compile("(?m)^(\\d+)\\. ");

    private ScriptedModel() {}

    static FakeReply answer(CapturedRequest request) {
        String tool = request.forcedTool().orElse(null);
        if (tool == null) {
            return FakeReply.text("Noted: " + request.lastUserText());
        }
        String prompt = request.lastUserText();
        return switch (tool) {
            case "record_memories" -> FakeReply.toolUse(tool, extraction(prompt).toString());
            case "consolidate_facts" -> FakeReply.toolUse(tool, consolidation(prompt).toString());
            case "review_facts" -> FakeReply.toolUse(tool, "{\"verdicts\":[]}");
            case "record_session_summary", "record_long_term_summary" ->
                    FakeReply.toolUse(tool, "{\"summary\":\"The user talked about their facts.\"}");
            default -> FakeReply.error(400, "invalid_request_error", "the test model knows no tool " + tool);
        };
    }

    private static ObjectNode extraction(String prompt) {
        ObjectNode out = JSON.createObjectNode();
        ArrayNode facts = out.putArray("facts");
        out.putArray("entities");
        // Only the newest exchange counts: the last "remember:" line of the conversation.
        Matcher m = REMEMBER.matcher(prompt);
        String last = null;
        while (m.find()) {
            last = m.group(1).strip();
        }
        int lastUser = prompt.lastIndexOf("\nUSER: ") + 1;
        if (last != null && prompt.indexOf("USER: remember: " + last, lastUser) == lastUser) {
            facts.addObject().put("statement", last).put("subject", "user").put("certainty", "explicit").put("durable", true);
        }
        return out;
    }

    private static ObjectNode consolidation(String prompt) {
        ObjectNode out = JSON.createObjectNode();
        ArrayNode decisions = out.putArray("decisions");
        String newPart = prompt.substring(prompt.indexOf("New facts from the latest conversation:"));
        Matcher m = NEW_FACT.matcher(newPart);
        while (m.find()) {
            decisions.addObject().put("candidate", Integer.parseInt(m.group(1))).put("action", "ADD").put("known", 0);
        }
        return out;
    }
}
