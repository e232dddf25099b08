package dev.engram.server;

import dev.engram.chat.LiveSessions;
import dev.engram.curation.ExportFormat;
import dev.engram.curation.MemoryService;
import dev.engram.memory.Fact;
import dev.engram.memory.ForgetResult;
import dev.engram.memory.MemoryExport;
import dev.engram.memory.MemoryView;
import dev.engram.memory.UserId;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The memory routes: everything known about a user at once, list and search facts, add, edit,
 * delete, a fact's history, export and erase.
 * Every route names the user by the tenant's own id.
 */
final class MemoryRoutes {
    private static final Set<String> TEXT_FIELDS = Set.of("text");
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_FACT_CHARS = 1000;

    private final MemoryService memory;
    private final TenantUsers users;
    private final LiveSessions sessions;
    private final ExportFormat exportFormat = new ExportFormat();
    private final int maxLimit;
    private final BodyReader bodies;

    MemoryRoutes(MemoryService memory, TenantUsers users, LiveSessions sessions, int maxLimit, BodyReader bodies) {
        this.memory = memory;
        this.sessions = sessions;
        this.bodies = bodies;
        this.users = users;
        this.maxLimit = maxLimit;
    }

    void list(Context ctx) {
        UserId external = TenantUsers.parse(ctx.pathParam("userId"));
        int limit = limit(ctx.queryParam("limit"));
        String q = ctx.queryParam("q");
        List<Fact> shown = users.read(ApiServer.tenant(ctx), external, user -> {
            if (q == null || q.isBlank()) {
                return memory.view(user).facts().stream().limit(limit).toList();
            }
            try {
                return memory.search(user, q, limit);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("invalid_query", "q must hold at least one word or number");
            }
        });
        ctx.json(Map.of("memories", shown.stream().map(MemoryItem::of).toList()));
    }

    void overview(Context ctx) {
        UserId external = TenantUsers.parse(ctx.pathParam("userId"));
        MemoryView view = users.read(ApiServer.tenant(ctx), external, memory::view);
        ctx.json(MemoryOverview.of(external.value(), view));
    }

    void add(Context ctx) {
        UserId external = TenantUsers.parse(ctx.pathParam("userId"));
        String text = checkedText(bodies.json(ctx, TEXT_FIELDS).text("text"));
        Fact fact = users.write(ApiServer.tenant(ctx), external, true, user -> memory.remember(user, text, null));
        ctx.status(201).json(Map.of("memory", MemoryItem.of(fact)));
    }

    void edit(Context ctx) {
        UserId external = TenantUsers.parse(ctx.pathParam("userId"));
        long id = factId(ctx.pathParam("memoryId"));
        String text = checkedText(bodies.json(ctx, TEXT_FIELDS).text("text"));
        Fact fact = users.write(ApiServer.tenant(ctx), external, false, user -> {
            try {
                return memory.edit(user, id, text);
            } catch (IllegalArgumentException e) {
                throw noSuchMemory(id); // the id and text were checked above; only a missing fact is left
            }
        });
        ctx.json(Map.of("memory", MemoryItem.of(fact)));
    }

    void delete(Context ctx) {
        UserId external = TenantUsers.parse(ctx.pathParam("userId"));
        long id = factId(ctx.pathParam("memoryId"));
        ForgetResult forgotten = users.write(ApiServer.tenant(ctx), external, false, user -> {
            ForgetResult result;
            try {
                result = memory.forget(user, "#" + id);
            } catch (IllegalArgumentException e) {
                throw noSuchMemory(id);
            }
            sessions.forgetTurns(user, result.removedTurns());
            return result;
        });
        ctx.json(Map.of("deleted", id, "turnsRemoved", forgotten.removedTurns().size()));
    }

    void history(Context ctx) {
        UserId external = TenantUsers.parse(ctx.pathParam("userId"));
        long id = factId(ctx.pathParam("memoryId"));
        List<MemoryItem.Change> changes = users.read(ApiServer.tenant(ctx), external, user -> {
            try {
                return memory.history(user, "#" + id).stream().map(MemoryItem.Change::of).toList();
            } catch (IllegalArgumentException e) {
                throw noSuchMemory(id);
            }
        });
        ctx.json(Map.of("memoryId", id, "history", changes));
    }

    void export(Context ctx) {
        UserId external = TenantUsers.parse(ctx.pathParam("userId"));
        MemoryExport export = users.read(ApiServer.tenant(ctx), external, memory::export);
        // The internal id means nothing to the tenant; the export names the user as the tenant does.
        ctx.contentType("application/json").result(exportFormat.write(export.ownedBy(external.value())));
    }

    void erase(Context ctx) {
        UserId external = TenantUsers.parse(ctx.pathParam("userId"));
        users.erase(ApiServer.tenant(ctx), external);
        ctx.json(Map.of("userId", external.value(), "erased", true));
    }

    private int limit(String raw) {
        if (raw == null) {
            return Math.min(DEFAULT_LIMIT, maxLimit);
        }
        try {
            int limit = Integer.parseInt(raw);
            if (limit >= 1 && limit <= maxLimit) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badRequest("invalid_limit", "limit must be a whole number from 1 to " + maxLimit);
    }

    private static long factId(String raw) {
        if (raw != null && raw.matches("\\d{1,18}")) {
            return Long.parseLong(raw);
        }
        throw ApiException.badRequest("invalid_memory_id", "a memory id is a positive whole number, e.g. 12");
    }

    private static String checkedText(String text) {
        String s = text.strip();
        if (s.isEmpty()) {
            throw ApiException.badRequest("invalid_field", "the field 'text' must not be empty");
        }
        if (s.length() > MAX_FACT_CHARS) {
            throw ApiException.badRequest("invalid_field", "a memory can be at most " + MAX_FACT_CHARS
                    + " characters; this one has " + s.length());
        }
        return s;
    }

    private static ApiException noSuchMemory(long id) {
        return ApiException.notFound("there is no memory " + id);
    }
}
