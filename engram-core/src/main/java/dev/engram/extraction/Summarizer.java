package dev.engram.extraction;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.llm.LlmClient;
import dev.engram.llm.MalformedOutputException;
import dev.engram.llm.ToolRequest;
import dev.engram.memory.Role;
import dev.engram.memory.Summary;
import dev.engram.memory.Turn;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * Writes session summaries (2-3 sentences) with the memory model, and folds old summaries into
 * one long-term summary ("summarize the summaries"). Thread safe.
 */
public final class Summarizer {
    static final String SESSION_TOOL = "record_session_summary";
    static final String FOLD_TOOL = "record_long_term_summary";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final Map<String, Object> SCHEMA = Schemas.object(
            Map.of("summary", Schemas.string("The summary text")), List.of("summary"));

    private final LlmClient llm;
    private final String model;

    public Summarizer(LlmClient llm, String model) {
        this.llm = llm;
        this.model = model;
    }

    /** A 2-3 sentence summary of a session's turns (oldest first). */
    public String summarizeSession(List<Turn> turns) {
        StringBuilder convo = new StringBuilder();
        for (Turn t : turns) {
            convo.append(t.role() == Role.USER ? "USER: " : "ASSISTANT: ").append(t.text()).append('\n');
        }
        return call(SESSION_TOOL, "Summarize this conversation in 2-3 sentences. Focus on what was discussed, "
                + "any decisions made, and anything the user might want to follow up on.\n\nConversation:\n" + convo);
    }

    /** One long-term summary that keeps what matters of an earlier long-term summary and older session summaries. */
    public String fold(Summary previousLongTerm, List<Summary> older) {
        StringBuilder text = new StringBuilder();
        if (previousLongTerm != null) {
            text.append("Long-term summary so far:\n").append(previousLongTerm.text()).append("\n\n");
        }
        text.append("Older session summaries, oldest first:\n");
        for (Summary s : older) {
            text.append("- ").append(DAY.format(s.createdAt())).append(": ").append(s.text()).append('\n');
        }
        return call(FOLD_TOOL, "Fold these summaries of a user's past conversations into one long-term summary of at most "
                + "5 sentences. Keep lasting topics, decisions and open follow-ups; drop small talk.\n\n" + text);
    }

    private String call(String tool, String prompt) {
        JsonNode out = Json.object(llm.callTool(new ToolRequest(model, 400,
                "You write short, factual summaries of a user's conversations with an assistant.", prompt, tool,
                "Record the summary.", SCHEMA)), tool);
        String summary = Json.text(out, "summary", tool).strip();
        if (summary.isEmpty()) {
            throw new MalformedOutputException(tool + ": the summary is empty");
        }
        return summary;
    }
}
