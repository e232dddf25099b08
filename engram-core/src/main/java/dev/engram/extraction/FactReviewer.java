package dev.engram.extraction;


import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.llm.LlmClient;
import dev.engram.llm.ToolRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The review step for uncertain candidates: asks the memory model, for each, "is this about the
 * user, and will it still be true next month?". Only candidates with two yeses are kept; a
 * candidate the model gives no verdict on is not stored. Thread safe.
 */
public final class FactReviewer {
    static final String TOOL = "review_facts";
    private static final Map<String, Object> SCHEMA = Schemas.object(Map.of(
            "verdicts", Schemas.array(Schemas.object(Map.of(
                    "index", Schemas.integer("The number of the candidate"),
                    "about_user", Schemas.bool("Is it a fact about the user themself, not someone they mentioned?"),
                    "lasting", Schemas.bool("Will it still be true next month?")),
                    List.of("index", "about_user", "lasting")))),
            List.of("verdicts"));

    private final LlmClient llm;
    private final String model;

    public FactReviewer(LlmClient llm, String model) {
        this.llm = llm;
        this.model = model;
    }

    /** The candidates that pass review, in their original order. */
    public List<Candidate> review(List<Candidate> candidates, String conversation) {
        if (candidates.isEmpty()) {
            return List.of();
        }
        StringBuilder prompt = new StringBuilder("Conversation:\n").append(conversation).append("\n\nCandidate facts about the user:\n");
        for (int i = 0; i < candidates.size(); i++) {
            prompt.append(i + 1).append(". ").append(candidates.get(i).statement()).append('\n');
        }
        prompt.append("\nFor each candidate: is it about the user (not just something they mentioned incidentally), "
                + "and will it still be true next month?");
        JsonNode out = Json.object(llm.callTool(new ToolRequest(model, 512,
                "You check candidate memories before they are stored. Bad memory is worse than no memory: when in doubt, answer false.",
                prompt.toString(), TOOL, "Give a verdict for every candidate.", SCHEMA)), TOOL);
        Set<Integer> keep = new HashSet<>();
        for (JsonNode v : Json.array(out, "verdicts", TOOL)) {
            Json.object(v, TOOL);
            int index = Json.integer(v, "index", TOOL);
            if (Json.bool(v, "about_user", TOOL) && Json.bool(v, "lasting", TOOL)) {
                keep.add(index);
            }
        }
        List<Candidate> kept = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            if (keep.contains(i + 1)) {
                kept.add(candidates.get(i));
            }
        }
        return kept;
    }
}
