package dev.engram.server;

import dev.engram.memory.Job;
import dev.engram.tenant.TenantJob;
import dev.engram.tenant.TenantStore;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code GET /v1/jobs?state=dead&limit=100}: the background memory jobs of the calling tenant's
 * users (never another tenant's), oldest first, with the error of each failed one. States:
 * {@code dead} (the default), {@code pending}, {@code running}, {@code done} or {@code all}.
 */
final class JobRoutes {
    private static final int DEFAULT_LIMIT = 100;
    // "... (HTTP 500): what the model server said": its own words may name internal hosts or trace ids.
    private static final Pattern UPSTREAM_DETAIL = Pattern.compile("(\\(HTTP \\d{3}\\)):.*", Pattern.DOTALL);

    /** One job as the API shows it. */
    record Item(long id, String userId, String type, String state, int attempts, Instant runAt, Instant createdAt,
                String error) {
        static Item of(TenantJob j) {
            Job job = j.job();
            return new Item(job.id(), j.user().value(), job.type(), job.status().name().toLowerCase(Locale.ROOT),
                    job.attempts(), job.runAt(), job.createdAt(), publicError(job.lastError()));
        }
    }

    private final TenantStore tenants;
    private final int maxLimit;

    JobRoutes(TenantStore tenants, int maxLimit) {
        this.tenants = tenants;
        this.maxLimit = maxLimit;
    }

    void list(Context ctx) {
        List<Job.Status> states = states(ctx.queryParam("state"));
        int limit = limit(ctx.queryParam("limit"));
        List<Item> jobs = tenants.jobs(ApiServer.tenant(ctx), states, limit).stream().map(Item::of).toList();
        ctx.json(Map.of("jobs", jobs));
    }

    /** A stored error without the model server's own words, which stay in the log and in {@code engram jobs}. */
    static String publicError(String stored) {
        return stored == null ? null : UPSTREAM_DETAIL.matcher(stored).replaceFirst("$1");
    }

    private static List<Job.Status> states(String raw) {
        String state = raw == null ? "dead" : raw.strip().toLowerCase(Locale.ROOT);
        if (state.equals("all")) {
            return List.of(Job.Status.values());
        }
        return Arrays.stream(Job.Status.values()).filter(s -> s.name().equalsIgnoreCase(state)).findFirst()
                .map(List::of)
                .orElseThrow(() -> ApiException.badRequest("invalid_state",
                        "state must be dead, pending, running, done or all"));
    }

    private int limit(String raw) {
        if (raw == null) {
            return Math.min(DEFAULT_LIMIT, maxLimit);
        }
        if (raw.matches("\\d{1,7}")) {
            int limit = Integer.parseInt(raw);
            if (limit >= 1 && limit <= maxLimit) {
                return limit;
            }
        }
        throw ApiException.badRequest("invalid_limit", "limit must be a whole number from 1 to " + maxLimit);
    }
}
