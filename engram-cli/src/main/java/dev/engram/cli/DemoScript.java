package dev.engram.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.llm.fake.CapturedRequest;
import dev.engram.llm.fake.FakeReply;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The scripted model behind {@code engram demo}: canned chat replies (labelled as scripted) and
 * canned memory-model answers, chosen from what each request contains.
 */
final class DemoScript {
    static final List<List<String>> SESSIONS = List.of(
            List.of("Hi! I'm Maya. I work as a nurse in Leeds.",
                    "My sister Priya is moving to Berlin next month.",
                    "I'm exhausted today, long shift."),
            List.of("Good news: I started a new job as a midwife at St James's hospital.",
                    "What do you remember about me?"));

    private static final Pattern NURSE_LINE = Pattern.compile("(?m)^(\\d+)\\. [^\\n]*nurse");

    private DemoScript() {}

    static FakeReply reply(CapturedRequest request) {
        String tool = request.forcedTool().orElse(null);
        if (tool == null) {
            return FakeReply.text("[scripted] " + chat(request));
        }
        String prompt = request.lastUserText();
        return FakeReply.toolUse(tool, switch (tool) {
            case "record_memories" -> extraction(newestUserLine(prompt));
            case "review_facts" -> "{\"verdicts\":[{\"index\":1,\"about_user\":true,\"lasting\":true}]}";
            case "consolidate_facts" -> consolidation(prompt);
            case "record_session_summary" -> prompt.contains("midwife")
                    ? "{\"summary\":\"Maya started a new job as a midwife at St James's hospital and asked what the assistant remembers.\"}"
                    : "{\"summary\":\"Maya, a nurse in Leeds, introduced herself and said her sister Priya is moving to Berlin next month.\"}";
            case "record_long_term_summary" -> "{\"summary\":\"Maya works in healthcare in Leeds; her sister Priya lives in Berlin.\"}";
            default -> "{}";
        });
    }

    private static String chat(CapturedRequest request) {
        String message = request.lastUserText();
        if (message.contains("What do you remember")) {
            // Only the memory block: the instructions mention <memory> too, and their rules are "- " lines.
            String text = "";
            for (JsonNode block : request.body().path("system")) {
                if (block.path("text").asText().startsWith("<memory>")) {
                    text = block.path("text").asText();
                }
            }
            List<String> lines = text.lines().filter(l -> l.startsWith("- ")).toList();
            return lines.isEmpty() ? "I have nothing in memory about you yet."
                    : "My memory block for this turn holds:\n" + String.join("\n", lines);
        }
        if (message.contains("nurse")) {
            return "Nice to meet you, Maya! Nursing in Leeds must keep you busy.";
        }
        if (message.contains("Priya")) {
            return "That's a big move for Priya. Will you visit her in Berlin?";
        }
        if (message.contains("exhausted")) {
            return "Long shifts are hard. I hope you can rest tonight.";
        }
        if (message.contains("midwife")) {
            return "Congratulations on the new job, Maya!";
        }
        return "I'm a scripted demo model, so I can only follow the demo script.";
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

    private static String extraction(String userLine) {
        if (userLine.contains("nurse")) {
            return """
                    {"facts":[{"statement":"Is called Maya.","subject":"user","key":"name","certainty":"explicit","durable":true},
                    {"statement":"Works as a nurse in Leeds.","subject":"user","key":"job","certainty":"explicit","durable":true}],
                    "entities":[]}""";
        }
        if (userLine.contains("Priya")) {
            return """
                    {"facts":[{"statement":"Is moving to Berlin next month.","subject":"Priya","certainty":"explicit","durable":true}],
                    "entities":[{"name":"Priya","type":"person","note":"Maya's sister."}]}""";
        }
        if (userLine.contains("exhausted")) {
            return """
                    {"facts":[{"statement":"Is exhausted today.","subject":"user","certainty":"explicit","durable":false}],"entities":[]}""";
        }
        if (userLine.contains("midwife")) {
            return """
                    {"facts":[{"statement":"Works as a midwife at St James's hospital.","subject":"user","key":"job","certainty":"explicit","durable":true}],
                    "entities":[{"name":"St James's hospital","type":"organization","note":"Where Maya works as a midwife."}]}""";
        }
        return "{\"facts\":[],\"entities\":[]}";
    }

    private static String consolidation(String prompt) {
        Matcher m = NURSE_LINE.matcher(prompt);
        if (m.find()) {
            return "{\"decisions\":[{\"candidate\":1,\"action\":\"UPDATE\",\"known\":" + m.group(1)
                    + ",\"statement\":\"Works as a midwife at St James's hospital in Leeds.\"}]}";
        }
        return "{\"decisions\":[{\"candidate\":1,\"action\":\"ADD\",\"known\":0}]}";
    }
}
