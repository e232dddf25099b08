package dev.engram.extraction;


import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.llm.LlmClient;
import dev.engram.llm.MalformedOutputException;
import dev.engram.llm.ToolRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Asks the memory model which persistent facts and entity notes one exchange holds, through a
 * forced tool call with a JSON Schema. Output that breaks the schema is a
 * {@link MalformedOutputException}, never an empty extraction. Thread safe.
 */
public final class FactExtractor {
    static final String TOOL = "record_memories";
    private static final Map<String, Object> SCHEMA = Schemas.object(Map.of(
            "facts", Schemas.array(Schemas.object(Map.of(
                    "statement", Schemas.string("The fact as one short sentence in the third person, e.g. 'Works as a nurse in Leeds.'"),
                    "subject", Schemas.string("'user' when the fact is about the user; otherwise the name of the person it is about"),
                    "key", Schemas.string("Optional slot the fact fills, lower_snake_case, e.g. name, job, employer, location, timezone, partner, diet; empty if none"),
                    "kind", Schemas.enumOf("What sort of memory this is", List.of("fact", "preference", "decision", "follow_up")),
                    "certainty", Schemas.enumOf("explicit: the user said it plainly; inferred: you concluded it; uncertain: maybe",
                            List.of("explicit", "inferred", "uncertain")),
                    "durable", Schemas.bool("Will it most likely still be true next month? false for moods, meals, today's plans")),
                    List.of("statement", "subject", "certainty", "durable"))),
            "entities", Schemas.array(Schemas.object(Map.of(
                    "name", Schemas.string("Name of the person, project, goal or thing"),
                    "type", Schemas.enumOf("What it is", List.of("person", "project", "goal", "organization", "place", "other")),
                    "note", Schemas.string("One short note about it from this exchange")),
                    List.of("name", "type", "note")))),
            List.of("facts", "entities"));

    private final LlmClient llm;
    private final String model;
    private final String system;

    public FactExtractor(LlmClient llm, String model, String system) {
        this.llm = llm;
        this.model = model;
        this.system = system;
    }

    /** Extracts candidates from {@code conversation} (recent lines, the newest exchange last). */
    public Extraction extract(String conversation) {
        JsonNode out = Json.object(llm.callTool(new ToolRequest(model, 1024, system,
                "Conversation (the last exchange is new; earlier lines are context only):\n\n" + conversation,
                TOOL, "Record the persistent memories found in the newest exchange.", SCHEMA)), TOOL);
        List<Candidate> facts = new ArrayList<>();
        for (JsonNode f : Json.array(out, "facts", TOOL)) {
            Json.object(f, TOOL);
            String certainty = Json.text(f, "certainty", TOOL).toUpperCase(Locale.ROOT);
            Candidate.Certainty c;
            try {
                c = Candidate.Certainty.valueOf(certainty);
            } catch (IllegalArgumentException e) {
                throw new MalformedOutputException(TOOL + ": unknown certainty '" + certainty + "'");
            }
            facts.add(new Candidate(Json.text(f, "statement", TOOL), Json.text(f, "subject", TOOL),
                    normaliseKey(Json.optionalText(f, "key", TOOL)), Json.optionalText(f, "kind", TOOL), c,
                    Json.bool(f, "durable", TOOL)));
        }
        List<EntityNote> entities = new ArrayList<>();
        for (JsonNode e : Json.array(out, "entities", TOOL)) {
            Json.object(e, TOOL);
            String name = Json.text(e, "name", TOOL).strip();
            String note = Json.text(e, "note", TOOL).strip();
            if (!name.isEmpty() && !note.isEmpty()) {
                entities.add(new EntityNote(name, Json.text(e, "type", TOOL), note));
            }
        }
        return new Extraction(facts, entities);
    }

    public static String normaliseKey(String key) {
        if (key == null) {
            return null;
        }
        String k = key.strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
        return k.isEmpty() ? null : k;
    }
}
