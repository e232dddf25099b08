package dev.engram.mcp;

import dev.engram.chat.MemoryBlock;
import dev.engram.memory.Entity;
import dev.engram.memory.Fact;
import dev.engram.memory.ForgetResult;
import dev.engram.memory.MemoryFile;
import dev.engram.memory.MemoryView;
import dev.engram.memory.Summary;
import dev.engram.retrieval.Hit;
import dev.engram.retrieval.ItemKind;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The memory tools, each with a JSON Schema: {@code add_memory}, {@code search_memory},
 * {@code list_memories}, {@code forget_memory} and {@code get_profile}. Every call first finds its
 * user through the transport's {@link UserScopes}; a mistake the caller can fix comes back as an
 * {@code isError} result with a message that says what to do. Thread safe.
 */
final class MemoryTools {
    private static final int MAX_FACT_CHARS = 1000;

    /** What one tool does, given its user scope and arguments. */
    @FunctionalInterface
    private interface Call {
        CallToolResult run(UserScope scope, ToolArguments args);
    }

    private final MemoryBackend backend;
    private final UserScopes scopes;
    private final McpJsonMapper mapper;

    MemoryTools(MemoryBackend backend, UserScopes scopes, McpJsonMapper mapper) {
        this.backend = backend;
        this.scopes = scopes;
        this.mapper = mapper;
    }

    List<SyncToolSpecification> all() {
        return List.of(
                tool("add_memory", "Remember a fact",
                        "Stores one fact about the user word for word (at most 1000 characters), as the chat's /remember"
                                + " does, and returns its id.",
                        "\"text\": {\"type\": \"string\", \"minLength\": 1, \"maxLength\": " + MAX_FACT_CHARS
                                + ", \"description\": \"The fact, e.g. 'Works as a nurse in Leeds.'\"}",
                        "\"text\"", false, false, this::add),
                tool("search_memory", "Search memory",
                        "Searches everything Engram remembers about the user (facts, people, projects and goals, session"
                                + " summaries, earlier messages and memory files) with the hybrid keyword and embedding"
                                + " retrieval the chat uses; best match first.",
                        "\"query\": {\"type\": \"string\", \"minLength\": 1, \"maxLength\": 2000, \"description\": \"What to look for\"},"
                                + " \"limit\": {\"type\": \"integer\", \"minimum\": 1, \"maximum\": 50, \"default\": 10}",
                        "\"query\"", true, false, this::search),
                tool("list_memories", "What I know about you",
                        "Lists what Engram knows about the user: facts with their ids, session summaries, people, projects"
                                + " and goals, and the files of Claude's memory tool.",
                        "\"limit\": {\"type\": \"integer\", \"minimum\": 1, \"maximum\": 1000, \"default\": 100,"
                                + " \"description\": \"The most facts to list, newest last\"}",
                        "", true, false, this::list),
                tool("forget_memory", "Forget a fact",
                        "Forgets one fact for good, by the id that list_memories or search_memory shows (e.g. 12 for #12).",
                        "\"id\": {\"type\": \"integer\", \"minimum\": 1, \"description\": \"The fact's id\"}",
                        "\"id\"", false, true, this::forget),
                tool("get_profile", "Memory for a message",
                        "Returns the memory block Engram's chat would put in the prompt for a message: core facts and the"
                                + " latest summaries, then what is relevant to the message, within the chat's token budget."
                                + " Without a message, the core memory only. Stores nothing and calls no model.",
                        "\"message\": {\"type\": \"string\", \"maxLength\": 20000, \"description\": \"The user's message\"}",
                        "", true, false, this::profile));
    }

    private SyncToolSpecification tool(String name, String title, String description, String properties, String required,
                                       boolean readOnly, boolean destructive, Call call) {
        McpSchema.Tool tool = McpSchema.Tool.builder()
                .name(name)
                .title(title)
                .description(description)
                .inputSchema(mapper, schema(properties, required))
                .annotations(McpSchema.ToolAnnotations.builder().title(title).readOnlyHint(readOnly)
                        .destructiveHint(destructive).openWorldHint(false).build())
                .build();
        return SyncToolSpecification.builder().tool(tool).callHandler((exchange, request) -> {
            try {
                return call.run(scopes.of(exchange), new ToolArguments(request.arguments()));
            } catch (IllegalArgumentException e) {
                return ToolResults.refused(e);
            } catch (RuntimeException e) {
                return ToolResults.failed(name, e);
            }
        }).build();
    }

    private String schema(String properties, String required) {
        String user = scopes.perCallUser()
                ? "\"user_id\": {\"type\": \"string\", \"minLength\": 1, \"maxLength\": 128, \"description\":"
                        + " \"Your own id for the end user; optional when the session was opened with X-Engram-User\"}"
                : "";
        String all = properties.isEmpty() ? user : user.isEmpty() ? properties : properties + ", " + user;
        return "{\"type\": \"object\", \"properties\": {" + all + "}, \"required\": [" + required + "],"
                + " \"additionalProperties\": false}";
    }

    private CallToolResult add(UserScope scope, ToolArguments args) {
        String text = args.text("text").strip();
        Fact fact = scope.write(args.user(), user -> backend.memory().remember(user, text, null));
        return ToolResults.ok("Remembered #" + fact.id() + ": " + fact.statement(), Map.of("id", fact.id(), "text", fact.statement()));
    }

    private CallToolResult search(UserScope scope, ToolArguments args) {
        String query = args.text("query");
        int limit = (int) args.number("limit", 1, 50, 10);
        List<Hit> hits = scope.read(args.user(), user -> backend.retriever().get().retrieve(user, query, limit));
        List<Map<String, Object>> results = new ArrayList<>();
        StringBuilder text = new StringBuilder(hits.isEmpty() ? "Nothing stored matches." : "Best matches first:");
        for (Hit h : hits) {
            String kind = h.kind().name().toLowerCase(Locale.ROOT);
            String ref = h.kind() == ItemKind.FACT ? " #" + h.id() : "";
            text.append("\n- [").append(kind).append(ref).append(", ").append(Day.of(h.time())).append("] ").append(h.text());
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("kind", kind);
            r.put("id", h.id());
            r.put("text", h.text());
            r.put("at", h.time().toString());
            r.put("score", Math.round(h.score() * 1000) / 1000.0);
            results.add(r);
        }
        return ToolResults.ok(text.toString(), Map.of("results", results));
    }

    private CallToolResult list(UserScope scope, ToolArguments args) {
        int limit = (int) args.number("limit", 1, 1000, 100);
        MemoryView view = scope.read(args.user(), user -> backend.memory().view(user));
        List<Fact> facts = view.facts().subList(Math.max(0, view.facts().size() - limit), view.facts().size());
        Map<String, Object> structured = new LinkedHashMap<>();
        structured.put("facts", facts.stream().map(MemoryTools::fact).toList());
        structured.put("factsTotal", view.facts().size());
        structured.put("summaries", view.summaries().stream().map(MemoryTools::summary).toList());
        structured.put("entities", view.entities().stream().map(MemoryTools::entity).toList());
        structured.put("files", view.files().stream().map(MemoryTools::file).toList());
        return ToolResults.ok(ViewText.of(view, facts), structured);
    }

    private CallToolResult forget(UserScope scope, ToolArguments args) {
        long id = args.number("id", 1, 999_999_999_999_999_999L, -1);
        if (id < 0) {
            throw new IllegalArgumentException("'id' is required: the fact's id as list_memories shows it");
        }
        ForgetResult result = scope.change(args.user(), user -> {
            // history() names a missing id without the chat's own wording; forget() then does the work.
            backend.memory().history(user, "#" + id);
            return backend.memory().forget(user, "#" + id);
        });
        return ToolResults.ok("Forgot " + result.removed(), Map.of("id", id, "forgotten", result.removed()));
    }

    private CallToolResult profile(UserScope scope, ToolArguments args) {
        String message = args.optionalText("message");
        MemoryBlock block = scope.read(args.user(), user -> backend.preview().get().memoryBlock(user, message));
        List<Map<String, Object>> items = block.items().stream().map(c -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("kind", c.kind().name().toLowerCase(Locale.ROOT));
            item.put("ref", c.ref());
            item.put("text", c.text());
            return item;
        }).toList();
        String text = block.text().isEmpty() ? "No memory would go into the prompt: nothing is stored for this user yet."
                : block.text();
        return ToolResults.ok(text, Map.of("block", block.text(), "tokens", block.tokens(), "items", items));
    }

    static Map<String, Object> fact(Fact f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", f.id());
        m.put("text", f.statement());
        m.put("key", f.key());
        m.put("since", f.validFrom().toString());
        return m;
    }

    static Map<String, Object> summary(Summary s) {
        return Map.of("text", s.text(), "longTerm", s.longTerm(), "at", s.createdAt().toString());
    }

    private static Map<String, Object> entity(Entity e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", e.name());
        m.put("type", e.type());
        m.put("notes", e.notes());
        return m;
    }

    private static Map<String, Object> file(MemoryFile f) {
        return Map.of("path", f.path().value(), "characters", f.content().length(), "updatedAt", f.updatedAt().toString());
    }
}
