package dev.engram.server.mem0;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.curation.MemoryService;
import dev.engram.memory.Attributes;
import dev.engram.memory.Fact;
import dev.engram.memory.NewTurn;
import dev.engram.memory.Role;
import dev.engram.memory.SessionId;
import dev.engram.memory.UserId;
import dev.engram.server.ApiException;
import dev.engram.server.ApiServer;
import dev.engram.server.BodyReader;
import dev.engram.server.JsonBody;
import dev.engram.server.TenantUsers;
import dev.engram.tenant.Tenant;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * mem0's add: {@code POST /v3/memories/add/} and the older {@code POST /v1/memories/}. With
 * {@code infer} (the default) the messages are recorded as one session of the turn log with an
 * extraction job per user message, in one transaction, and the reply is mem0's pending event: the
 * facts appear once the background worker has extracted, checked and consolidated them, as after a
 * chat turn. With {@code infer: false} each message is stored word for word as one memory and the
 * reply lists them. The event id is the session the messages were recorded in.
 */
final class Mem0Add {
    static final String QUEUED = "Memory processing has been queued for background execution";
    private static final int MAX_MEMORY_CHARS = 1000;
    private static final Set<String> SERVED = Set.of("messages", "user_id", "metadata", "infer", "async_mode",
            "output_format", "version", "org_id", "project_id");
    private static final Map<String, String> REFUSED = Map.ofEntries(
            Map.entry("agent_id", Mem0Requests.PER_USER), Map.entry("app_id", Mem0Requests.PER_USER),
            Map.entry("run_id", Mem0Requests.PER_USER),
            Map.entry("timestamp", "Engram stamps messages with the time they arrive"),
            Map.entry("expiration_date", "Engram's memories do not expire; a fact stops holding when a later one says so"),
            Map.entry("custom_categories", "Engram has no categories"),
            Map.entry("custom_instructions", "Engram's extraction follows its own instructions"),
            Map.entry("agent_custom_instructions", "Engram's extraction follows its own instructions"),
            Map.entry("includes", "Engram's extraction follows its own instructions"),
            Map.entry("excludes", "Engram's extraction follows its own instructions"),
            Map.entry("structured_data_schema", "Engram does not extract structured attributes"),
            Map.entry("immutable", "every Engram memory can be edited by its user"),
            Map.entry("enable_graph", "Engram keeps no graph memory"));

    private final MemoryService memory;
    private final TenantUsers users;
    private final BodyReader bodies;
    private final Runnable jobsEnqueued;
    private final int maxMessageChars;
    private final Clock clock;

    Mem0Add(MemoryService memory, TenantUsers users, BodyReader bodies, Runnable jobsEnqueued, int maxMessageChars,
            Clock clock) {
        this.memory = memory;
        this.users = users;
        this.bodies = bodies;
        this.jobsEnqueued = jobsEnqueued;
        this.maxMessageChars = maxMessageChars;
        this.clock = clock;
    }

    /** The reply to an add: mem0's event, with the stored memories when nothing was left to the background. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Event(String message, String status, @JsonProperty("event_id") String eventId, List<Stored> results) {}

    /** A memory stored by an add without inference, in both of mem0's forms ({@code memory} and {@code data.memory}). */
    record Stored(String id, String memory, Map<String, String> data, String event) {
        static Stored of(Fact fact) {
            return new Stored(Mem0Memory.idOf(fact), fact.statement(), Map.of("memory", fact.statement()), "ADD");
        }
    }

    /** {@code POST /v3/memories/add/}: the event object. */
    void v3(Context ctx) {
        ctx.json(add(ctx, ApiServer.tenant(ctx), bodies.json(ctx, Mem0Requests.known(SERVED, REFUSED))));
    }

    /**
     * {@code POST /v1/memories/}: by default a list of events (a pending event, or one entry per
     * stored memory without inference); with {@code output_format: "v1.1"}, {@code {"results": [...]}}.
     */
    void v1(Context ctx) {
        JsonBody body = bodies.json(ctx, Mem0Requests.known(SERVED, REFUSED));
        Event event = add(ctx, ApiServer.tenant(ctx), body);
        List<?> items = event.results() == null ? List.of(new Event(event.message(), event.status(), event.eventId(), null))
                : event.results();
        if ("v1.1".equals(body.optionalText("output_format"))) {
            ctx.json(Map.of("results", items));
        } else {
            ctx.json(items);
        }
    }

    private Event add(Context ctx, Tenant tenant, JsonBody body) {
        Mem0Requests.refuseUnsupported(body, REFUSED);
        Mem0Requests.checkProject(tenant, "org_id", body.optionalText("org_id"));
        Mem0Requests.checkProject(tenant, "project_id", body.optionalText("project_id"));
        checkOutputFormat(body.optionalText("output_format"));
        if (Boolean.FALSE.equals(body.optionalBoolean("async_mode"))) {
            throw Mem0Requests.unsupported("async_mode", "Engram always extracts in the background; leave async_mode out"
                    + " or send true (infer: false stores the messages at once)");
        }
        body.optionalText("version");
        UserId user = Mem0Requests.userId(body.text("user_id"));
        Attributes metadata = Attributes.of(body.optionalObject("metadata"));
        boolean infer = !Boolean.FALSE.equals(body.optionalBoolean("infer"));
        List<NewTurn> turns = messages(body.optionalNode("messages"), infer, clock.instant());
        SessionId event = SessionId.random();
        if (!infer) {
            List<Fact> stored = users.write(tenant, user, true, internal -> turns.stream()
                    .map(t -> memory.remember(internal, t.text(), null, metadata)).toList());
            return new Event("Memories stored successfully", "SUCCEEDED", event.value(),
                    stored.stream().map(Stored::of).toList());
        }
        users.write(tenant, user, true, internal -> memory.learnFrom(internal, event, turns, metadata));
        jobsEnqueued.run();
        return new Event(QUEUED, "PENDING", event.value(), null);
    }

    /** The messages as turns; a plain string is one user message, as mem0's Python client sends it. */
    private List<NewTurn> messages(JsonNode messages, boolean infer, Instant at) {
        if (messages == null || messages.isEmpty() && !messages.isTextual()) {
            throw ApiException.badRequest("missing_field", "the field 'messages' is required: a list of {role, content}");
        }
        List<NewTurn> turns = new ArrayList<>();
        if (messages.isTextual()) {
            turns.add(new NewTurn(Role.USER, content(messages, "messages", infer), at));
        } else if (messages.isArray()) {
            for (int i = 0; i < messages.size(); i++) {
                turns.add(message(messages.get(i), "messages[" + i + "]", infer, at));
            }
        } else {
            throw ApiException.badRequest("invalid_field", "the field 'messages' must be a list of {role, content}");
        }
        if (infer && turns.stream().noneMatch(t -> t.role() == Role.USER)) {
            throw ApiException.badRequest("invalid_field", "'messages' has no message with role 'user': Engram learns"
                    + " about the user from what they say (or send infer: false to store the messages as they are)");
        }
        return turns;
    }

    private NewTurn message(JsonNode m, String where, boolean infer, Instant at) {
        if (!m.isObject()) {
            throw ApiException.badRequest("invalid_field", "'" + where + "' must be an object {role, content}");
        }
        m.fieldNames().forEachRemaining(name -> {
            if (!name.equals("role") && !name.equals("content")) {
                throw ApiException.badRequest("unknown_field", "unknown field '" + where + "." + Mem0Requests.printable(name)
                        + "'; a message has role and content");
            }
        });
        JsonNode role = m.path("role");
        Role r = "user".equals(role.asText(null)) ? Role.USER : "assistant".equals(role.asText(null)) ? Role.ASSISTANT : null;
        if (!role.isTextual() || r == null) {
            throw ApiException.badRequest("invalid_field", "'" + where + ".role' must be 'user' or 'assistant'"
                    + (role.isTextual() && role.asText().equals("system") ? ": Engram records no system messages" : ""));
        }
        return new NewTurn(r, content(m.path("content"), where + ".content", infer), at);
    }

    private String content(JsonNode content, String where, boolean infer) {
        if (!content.isTextual()) {
            throw ApiException.badRequest("invalid_field", "'" + where + "' must be a string (Engram stores text only)");
        }
        String text = content.asText().strip();
        int max = infer ? maxMessageChars : MAX_MEMORY_CHARS;
        if (text.isEmpty()) {
            throw ApiException.badRequest("invalid_field", "'" + where + "' must not be empty");
        }
        if (text.length() > max) {
            throw ApiException.badRequest("invalid_field", "'" + where + "' is " + text.length() + " characters long; "
                    + (infer ? "a message" : "a memory stored with infer: false") + " can be at most " + max);
        }
        return text;
    }

    private static void checkOutputFormat(String format) {
        if (format != null && !format.equals("v1.0") && !format.equals("v1.1")) {
            throw ApiException.badRequest("invalid_field", "the field 'output_format' must be 'v1.0' or 'v1.1'");
        }
    }
}
