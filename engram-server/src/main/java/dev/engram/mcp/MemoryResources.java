package dev.engram.mcp;

import dev.engram.memory.Fact;
import dev.engram.memory.FactChange;
import dev.engram.memory.MemoryView;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceTemplateSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceResult;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import io.modelcontextprotocol.util.DefaultMcpUriTemplateManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The session user's memory as MCP resources, in JSON: {@value #FACTS} (the facts with their ids),
 * {@value #SUMMARIES} (the session summaries, the long-term one first) and the template
 * {@value #FACT} (one fact with its history). Resources take no arguments, so they are read for
 * the session's user (stdio: the local user; HTTP: the user of {@code X-Engram-User}). A fact that
 * does not exist is the protocol's "resource not found" (-32002); any other mistake is "invalid
 * params" (-32602) with a message saying what to do. Thread safe.
 */
final class MemoryResources {
    static final String FACTS = "engram://memory/facts";
    static final String SUMMARIES = "engram://memory/summaries";
    static final String FACT = "engram://memory/facts/{id}";
    private static final String JSON = "application/json";
    private static final Logger LOG = System.getLogger(MemoryResources.class.getName());

    private final MemoryBackend backend;
    private final UserScopes scopes;
    private final McpJsonMapper mapper;
    private final DefaultMcpUriTemplateManager factTemplate = new DefaultMcpUriTemplateManager(FACT);

    MemoryResources(MemoryBackend backend, UserScopes scopes, McpJsonMapper mapper) {
        this.backend = backend;
        this.scopes = scopes;
        this.mapper = mapper;
    }

    List<SyncResourceSpecification> resources() {
        return List.of(
                new SyncResourceSpecification(McpSchema.Resource.builder().uri(FACTS).name("facts").title("What I know about you")
                        .description("The user's facts, with the ids forget_memory takes").mimeType(JSON).build(),
                        (exchange, request) -> read(exchange, request.uri(), view -> Map.of("facts",
                                view.facts().stream().map(MemoryTools::fact).toList()))),
                new SyncResourceSpecification(McpSchema.Resource.builder().uri(SUMMARIES).name("summaries")
                        .title("Earlier conversations").description("Summaries of the user's sessions, the long-term one first")
                        .mimeType(JSON).build(),
                        (exchange, request) -> read(exchange, request.uri(), view -> Map.of("summaries",
                                view.summaries().stream().map(MemoryTools::summary).toList()))));
    }

    List<SyncResourceTemplateSpecification> templates() {
        return List.of(new SyncResourceTemplateSpecification(McpSchema.ResourceTemplate.builder().uriTemplate(FACT)
                .name("fact").title("One fact and its history").description("A fact by id, with every change it went through")
                .mimeType(JSON).build(), this::fact));
    }

    private ReadResourceResult fact(McpSyncServerExchange exchange, McpSchema.ReadResourceRequest request) {
        String raw = factTemplate.extractVariableValues(request.uri()).get("id");
        if (raw == null || !raw.matches("\\d{1,18}")) {
            throw McpError.RESOURCE_NOT_FOUND.apply(request.uri());
        }
        long id = Long.parseLong(raw);
        return guarded(request.uri(), () -> scopes.of(exchange).read(null, user -> {
            Fact fact = backend.memory().view(user).facts().stream().filter(f -> f.id() == id).findFirst()
                    .orElseThrow(() -> McpError.RESOURCE_NOT_FOUND.apply(request.uri()));
            Map<String, Object> json = new LinkedHashMap<>(MemoryTools.fact(fact));
            json.put("history", backend.memory().history(user, "#" + id).stream().map(MemoryResources::change).toList());
            return contents(request.uri(), json);
        }));
    }

    private ReadResourceResult read(McpSyncServerExchange exchange, String uri, Function<MemoryView, Map<String, Object>> shape) {
        return guarded(uri, () -> scopes.of(exchange).read(null, user -> contents(uri, shape.apply(backend.memory().view(user)))));
    }

    /** Runs a read, turning a caller's mistake into "invalid params" and hiding our own failures' details. */
    private static ReadResourceResult guarded(String uri, Supplier<ReadResourceResult> read) {
        try {
            return read.get();
        } catch (McpError e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS).message(e.getMessage()).data(Map.of("uri", uri)).build();
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "reading the MCP resource " + uri + " failed", e);
            throw McpError.builder(McpSchema.ErrorCodes.INTERNAL_ERROR)
                    .message("Engram could not read " + uri + " because of an internal error, which has been logged").build();
        }
    }

    private ReadResourceResult contents(String uri, Object json) {
        try {
            return new ReadResourceResult(List.of(new TextResourceContents(uri, JSON, mapper.writeValueAsString(json))));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the resource " + uri + " as JSON", e);
        }
    }

    private static Map<String, Object> change(FactChange c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", c.kind().name());
        m.put("before", c.before());
        m.put("after", c.after());
        m.put("at", c.at().toString());
        return m;
    }
}
