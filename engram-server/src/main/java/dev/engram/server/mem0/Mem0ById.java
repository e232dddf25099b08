package dev.engram.server.mem0;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.curation.MemoryService;
import dev.engram.memory.Attributes;
import dev.engram.memory.Fact;
import dev.engram.memory.FactChange;
import dev.engram.memory.MemoryStore;
import dev.engram.memory.Role;
import dev.engram.memory.SessionId;
import dev.engram.memory.Turn;
import dev.engram.memory.UserId;
import dev.engram.server.ApiException;
import dev.engram.server.ApiServer;
import dev.engram.server.BodyReader;
import dev.engram.server.JsonBody;
import dev.engram.server.TenantUsers;
import dev.engram.tenant.Tenant;
import dev.engram.tenant.TenantFact;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * mem0's routes on one memory, named by id alone: get, update ({@code PUT {text, metadata}}),
 * delete and history on {@code /v1/memories/{id}/}. An id is an Engram fact id (a number) or the
 * mem0 id an imported memory kept; either is looked for among the caller's tenant's users only, so
 * another tenant's memory is a 404 like one that does not exist.
 */
final class Mem0ById {
    private static final int MAX_MEMORY_CHARS = 1000;
    private static final Set<String> UPDATE_FIELDS = Set.of("text", "metadata", "expiration_date");
    private static final Map<String, String> UPDATE_REFUSED = Map.of(
            "timestamp", "Engram stamps a change with the time it is made");

    private final MemoryService memory;
    private final MemoryStore store;
    private final TenantUsers users;
    private final BodyReader bodies;

    Mem0ById(MemoryService memory, MemoryStore store, TenantUsers users, BodyReader bodies) {
        this.memory = memory;
        this.store = store;
        this.users = users;
        this.bodies = bodies;
    }

    /** {@code GET /v1/memories/{id}/}: the memory, valid or no longer holding. */
    void get(Context ctx) {
        Mem0Requests.checkQuery(ctx, Set.of(), Map.of());
        TenantFact found = find(ctx);
        Fact fact = users.read(ApiServer.tenant(ctx), found.user(), user -> store.fact(user, found.factId()))
                .orElseThrow(() -> notFound(ctx));
        ctx.json(Mem0Memory.of(fact, found.user()));
    }

    /** {@code PUT /v1/memories/{id}/}: new text (kept in the history as an edit), new metadata, or both. */
    void update(Context ctx) {
        Mem0Requests.checkQuery(ctx, Set.of(), Map.of());
        JsonBody body = bodies.json(ctx, Mem0Requests.known(UPDATE_FIELDS, UPDATE_REFUSED));
        Mem0Requests.refuseUnsupported(body, UPDATE_REFUSED);
        if (body.has("expiration_date")) {
            throw Mem0Requests.unsupported("expiration_date", "Engram's memories do not expire (null, to clear it, is fine)");
        }
        String text = text(body.optionalText("text"));
        JsonNode metadata = body.optionalObject("metadata");
        if (text == null && metadata == null) {
            throw ApiException.badRequest("missing_field", "send text, metadata or both");
        }
        TenantFact found = find(ctx);
        Fact fact = users.write(ApiServer.tenant(ctx), found.user(), false, user -> {
            try {
                return memory.revise(user, found.factId(), text, metadata == null ? null : Attributes.of(metadata));
            } catch (IllegalArgumentException e) {
                throw notFound(ctx); // text and metadata were checked above; only a fact deleted meanwhile is left
            }
        });
        ctx.json(Mem0Memory.of(fact, found.user()));
    }

    /** {@code DELETE /v1/memories/{id}/[?delete_linked=]}: the memory and its history, for good. */
    void delete(Context ctx) {
        Mem0Requests.checkQuery(ctx, Set.of("delete_linked"), Map.of());
        String linked = ctx.queryParam("delete_linked");
        if (linked != null && !linked.equals("true") && !linked.equals("false")) {
            throw ApiException.badRequest("invalid_parameter", "delete_linked must be true or false");
        }
        TenantFact found = find(ctx);
        users.write(ApiServer.tenant(ctx), found.user(), false, user -> {
            try {
                return memory.forget(user, "#" + found.factId());
            } catch (IllegalArgumentException e) {
                throw notFound(ctx);
            }
        });
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("message", "Memory deleted successfully!");
        if ("true".equals(linked)) {
            reply.put("cascade_count", 0); // Engram links no memories to others
        }
        ctx.json(reply);
    }

    /** {@code GET /v1/memories/{id}/history/}: the memory's changes, oldest first. */
    void history(Context ctx) {
        Mem0Requests.checkQuery(ctx, Set.of(), Map.of());
        TenantFact found = find(ctx);
        List<Mem0Change> changes = users.read(ApiServer.tenant(ctx), found.user(), user -> {
            Fact fact = store.fact(user, found.factId()).orElseThrow(() -> notFound(ctx));
            List<FactChange> history = store.factHistory(user, found.factId());
            Map<SessionId, List<Turn>> sessions = new HashMap<>();
            List<Mem0Change> out = new ArrayList<>();
            for (int i = 0; i < history.size(); i++) {
                out.add(change(fact, history.get(i), i, found.user(), input(user, history.get(i), sessions)));
            }
            return out;
        });
        ctx.json(changes);
    }

    private static Mem0Change change(Fact fact, FactChange c, int index, UserId user, List<Mem0Change.Message> input) {
        String event = switch (c.kind()) {
            case ADDED -> "ADD";
            case UPDATED, EDITED -> "UPDATE";
            case INVALIDATED -> "DELETE";
        };
        String id = Mem0Memory.idOf(fact);
        return new Mem0Change(id + "-" + (index + 1), id, input, c.before(),
                c.kind() == FactChange.Kind.INVALIDATED ? null : c.after(), user.value(), event, null, null, c.at(), c.at());
    }

    /** The user turn behind a change and the assistant turns right after it; empty when it came from no turn. */
    private List<Mem0Change.Message> input(UserId user, FactChange c, Map<SessionId, List<Turn>> sessions) {
        if (c.source() == null || c.source().session() == null || c.source().turnId() == null) {
            return List.of();
        }
        List<Turn> turns = sessions.computeIfAbsent(c.source().session(), s -> store.sessionTurns(user, s));
        List<Mem0Change.Message> input = new ArrayList<>();
        for (Turn t : turns) {
            if (t.id() == c.source().turnId() || !input.isEmpty() && t.role() == Role.ASSISTANT) {
                input.add(new Mem0Change.Message(t.role() == Role.USER ? "user" : "assistant", t.text()));
            } else if (!input.isEmpty()) {
                break;
            }
        }
        return input;
    }

    /** The memory the path names, among the tenant's users. */
    private TenantFact find(Context ctx) {
        Tenant tenant = ApiServer.tenant(ctx);
        String raw = ctx.pathParam("memoryId");
        if (raw.matches("\\d{1,18}")) {
            return users.fact(tenant, Long.parseLong(raw)).orElseThrow(() -> notFound(ctx));
        }
        try {
            Fact.requireOriginId(raw);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_memory_id", "memory_id should be an Engram memory id (a number such as 12)"
                    + " or the mem0 id of an imported memory (a UUID)");
        }
        List<TenantFact> found = users.factsByOrigin(tenant, raw);
        if (found.size() > 1) {
            throw new ApiException(409, "ambiguous_memory_id", "the mem0 id " + raw + " was imported into " + found.size()
                    + " users (" + found.stream().map(f -> f.user().value()).toList() + "): name the memory by its Engram id,"
                    + " one of " + found.stream().map(TenantFact::factId).toList());
        }
        return found.stream().findFirst().orElseThrow(() -> notFound(ctx));
    }

    private static String text(String text) {
        if (text == null) {
            return null;
        }
        String s = text.strip();
        if (s.isEmpty()) {
            throw ApiException.badRequest("invalid_field", "the field 'text' must not be empty");
        }
        if (s.length() > MAX_MEMORY_CHARS) {
            throw ApiException.badRequest("invalid_field", "a memory can be at most " + MAX_MEMORY_CHARS
                    + " characters; this one has " + s.length());
        }
        return s;
    }

    private static ApiException notFound(Context ctx) {
        return ApiException.notFound("Memory not found: there is no memory " + Mem0Requests.printable(ctx.pathParam("memoryId"))
                + " for this key");
    }
}
