package dev.engram.server.mem0;

import dev.engram.memory.UserId;
import dev.engram.server.ApiException;
import dev.engram.server.JsonBody;
import dev.engram.server.TenantUsers;
import dev.engram.tenant.Tenant;
import io.javalin.http.Context;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks every mem0 route shares: mem0 options Engram does not support (refused by name, never
 * ignored), query parameters, and the {@code org_id}/{@code project_id} that older clients copy
 * from the ping into their requests. Each problem is a 400 that says what to change.
 */
final class Mem0Requests {
    /** Why mem0's entity scopes other than the user are refused. */
    static final String PER_USER = "Engram keeps memory per user: agent_id, app_id and run_id are not supported; name the user"
            + " with user_id";

    private Mem0Requests() {}

    /** The body fields a route knows: those it serves and the mem0 options it refuses with a reason. */
    static Set<String> known(Set<String> served, Map<String, String> refused) {
        Set<String> all = new HashSet<>(served);
        all.addAll(refused.keySet());
        return all;
    }

    /** Refuses each field of {@code refused} that the body carries with a value other than null. */
    static void refuseUnsupported(JsonBody body, Map<String, String> refused) {
        refused.forEach((field, reason) -> {
            if (body.has(field)) {
                throw unsupported(field, reason);
            }
        });
    }

    /** Refuses query parameters the route does not take, and any given twice. */
    static void checkQuery(Context ctx, Set<String> served, Map<String, String> refused) {
        for (Map.Entry<String, List<String>> e : ctx.queryParamMap().entrySet()) {
            String name = e.getKey();
            if (refused.containsKey(name)) {
                throw unsupported(name, refused.get(name));
            }
            if (!served.contains(name)) {
                throw ApiException.badRequest("unknown_parameter", "unknown query parameter '" + printable(name) + "'"
                        + (served.isEmpty() ? "; this route takes none" : "; expected " + served));
            }
            if (e.getValue().size() > 1) {
                throw ApiException.badRequest("invalid_parameter", "the query parameter '" + name + "' is given "
                        + e.getValue().size() + " times: give it once");
            }
        }
    }

    /** Checks that an {@code org_id} or {@code project_id}, when given, names the caller's own tenant. */
    static void checkProject(Tenant tenant, String field, String value) {
        if (value != null && !value.equals(tenant.name())) {
            throw ApiException.badRequest("invalid_field", "the field '" + field + "' must be '" + tenant.name()
                    + "' (what /v1/ping/ returns for this key) or left out");
        }
    }

    /** A user id as mem0 sends it; {@code *} (every user) is refused. */
    static UserId userId(String raw) {
        if ("*".equals(raw)) {
            throw ApiException.badRequest("invalid_user_id", "user_id '*' (every user) is not supported: Engram works on"
                    + " one user at a time");
        }
        return TenantUsers.parse(raw);
    }

    static ApiException unsupported(String field, String reason) {
        return ApiException.badRequest("unsupported_field", "'" + field + "': " + reason);
    }

    static String printable(String s) {
        String cut = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
