package dev.engram.server.mem0;

import dev.engram.memory.UserId;
import dev.engram.server.ApiException;
import dev.engram.server.ApiServer;
import dev.engram.server.TenantUsers;
import dev.engram.tenant.Tenant;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Set;

/**
 * mem0's delete-all, {@code DELETE /v1/memories/?user_id=}, and its user deletes
 * ({@code DELETE /v2/entities/user/{id}/}, and the older {@code /v1/entities/user/{id}/}): each is
 * Engram's erase of one user, which removes everything stored about them (turns, summaries and
 * entities too, not only the memories) and scrubs it off the disk. A delete-all without a user, or
 * for {@code *}, is refused: it never erases every user (mem0#3746). Engram serves no entity
 * listing, so the client's {@code deleteUsers()} without arguments, which lists and then deletes
 * every entity, stops at its first request.
 */
final class Mem0Erase {
    static final String DELETED = "Memories deleted successfully!";
    private static final Map<String, String> REFUSED = Map.of(
            "agent_id", Mem0Requests.PER_USER, "app_id", Mem0Requests.PER_USER, "run_id", Mem0Requests.PER_USER,
            "metadata", "a delete-all erases one whole user; delete single memories by id instead");

    private final TenantUsers users;

    Mem0Erase(TenantUsers users) {
        this.users = users;
    }

    /** {@code DELETE /v1/memories/?user_id=}: erases the user; 200 also when the tenant has no such user. */
    void all(Context ctx) {
        Tenant tenant = ApiServer.tenant(ctx);
        Mem0Requests.checkQuery(ctx, Set.of("user_id", "org_id", "project_id"), REFUSED);
        Mem0Requests.checkProject(tenant, "org_id", ctx.queryParam("org_id"));
        Mem0Requests.checkProject(tenant, "project_id", ctx.queryParam("project_id"));
        String raw = ctx.queryParam("user_id");
        if (raw == null || raw.isBlank()) {
            throw ApiException.badRequest("missing_user_id", "a delete-all needs ?user_id=: Engram never erases every user"
                    + " at once");
        }
        erase(tenant, Mem0Requests.userId(raw));
        ctx.json(Map.of("message", DELETED));
    }

    /** {@code DELETE /v2/entities/{type}/{id}/}: erases the user when the type is {@code user}. */
    void entity(Context ctx) {
        Mem0Requests.checkQuery(ctx, Set.of(), Map.of());
        if (!ctx.pathParam("type").equals("user")) {
            throw Mem0Requests.unsupported("entity type " + Mem0Requests.printable(ctx.pathParam("type")), Mem0Requests.PER_USER);
        }
        erase(ApiServer.tenant(ctx), Mem0Requests.userId(ctx.pathParam("entityId")));
        ctx.json(Map.of("message", "Entity deleted successfully."));
    }

    private void erase(Tenant tenant, UserId user) {
        if (users.find(tenant, user).isPresent()) {
            try {
                users.erase(tenant, user);
            } catch (ApiException e) {
                // Erased meanwhile by another request: the outcome the caller asked for.
                if (e.status() != 404) {
                    throw e;
                }
            }
        }
    }
}
