package dev.engram.server.mem0;

import dev.engram.memory.Fact;
import dev.engram.memory.MemoryStore;
import dev.engram.memory.UserId;
import dev.engram.retrieval.Hit;
import dev.engram.retrieval.HybridRetriever;
import dev.engram.retrieval.ItemKind;
import dev.engram.server.ApiException;
import dev.engram.server.ApiServer;
import dev.engram.server.BodyReader;
import dev.engram.server.JsonBody;
import dev.engram.server.TenantUsers;
import dev.engram.tenant.Tenant;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * mem0's search ({@code POST /v3/memories/search/}, and {@code /v2/memories/search/} for older
 * clients) and list ({@code POST /v3/memories/?page=&page_size=}). Search ranks the user's facts with
 * Engram's hybrid retrieval (keywords and embeddings fused over all of the user's memory); each
 * result's {@code score} is that ranking's, 0 to 1, comparable within one result list only, and facts
 * with no signal at all (score 0) are left out. A user the tenant does not have has no memories:
 * an empty result, as mem0 answers.
 */
final class Mem0Queries {
    private static final int MAX_TOP_K = 1000;
    private static final int MAX_PAGE_SIZE = 200;
    private static final Set<String> SEARCH_FIELDS = Set.of("query", "filters", "top_k", "threshold", "metadata",
            "output_format", "version", "rerank", "keyword_search", "filter_memories", "latest_only", "show_expired", "org_id",
            "project_id");
    private static final Map<String, String> SEARCH_REFUSED = Map.of(
            "user_id", "name the user in filters: {\"filters\": {\"user_id\": \"...\"}}",
            "agent_id", Mem0Requests.PER_USER, "app_id", Mem0Requests.PER_USER, "run_id", Mem0Requests.PER_USER,
            "categories", "Engram has no categories", "fields", "Engram always returns whole memories",
            "reference_date", "Engram does not resolve dates in queries", "source", "Engram has no memory sources");
    private static final Set<String> LIST_FIELDS = Set.of("filters", "page", "page_size", "show_expired", "latest_only",
            "output_format", "version", "org_id", "project_id");
    private static final Map<String, String> LIST_REFUSED = Map.of(
            "user_id", "name the user in filters: {\"filters\": {\"user_id\": \"...\"}}",
            "agent_id", Mem0Requests.PER_USER, "app_id", Mem0Requests.PER_USER, "run_id", Mem0Requests.PER_USER,
            "start_date", "Engram does not list by date", "end_date", "Engram does not list by date",
            "categories", "Engram has no categories", "fields", "Engram always returns whole memories",
            "keywords", "use search for words in memories");

    private final MemoryStore store;
    private final HybridRetriever retriever;
    private final TenantUsers users;
    private final BodyReader bodies;

    Mem0Queries(MemoryStore store, HybridRetriever retriever, TenantUsers users, BodyReader bodies) {
        this.store = store;
        this.retriever = retriever;
        this.users = users;
        this.bodies = bodies;
    }

    /** {@code POST /v3/memories/search/}: {@code {"results": [...]}}. */
    void searchV3(Context ctx) {
        ctx.json(Map.of("results", search(ctx)));
    }

    /** {@code POST /v2/memories/search/}: a bare list, or {@code {"results": [...]}} with {@code output_format: "v1.1"}. */
    void searchV2(Context ctx) {
        JsonBody body = bodies.json(ctx, Mem0Requests.known(SEARCH_FIELDS, SEARCH_REFUSED));
        List<Mem0Memory> results = search(ctx, body);
        if ("v1.1".equals(body.optionalText("output_format"))) {
            ctx.json(Map.of("results", results));
        } else {
            ctx.json(results);
        }
    }

    private List<Mem0Memory> search(Context ctx) {
        return search(ctx, bodies.json(ctx, Mem0Requests.known(SEARCH_FIELDS, SEARCH_REFUSED)));
    }

    /** What a search asks for. */
    private record SearchRequest(String query, int topK, double threshold, Mem0Filter filter) {}

    private List<Mem0Memory> search(Context ctx, JsonBody body) {
        Tenant tenant = ApiServer.tenant(ctx);
        SearchRequest request = searchRequest(ctx, tenant, body);
        Optional<UserId> internal = users.find(tenant, request.filter().user());
        if (internal.isEmpty()) {
            return List.of();
        }
        Map<Long, Fact> facts = store.facts(internal.get(), false).stream()
                .collect(Collectors.toMap(Fact::id, Function.identity()));
        List<Mem0Memory> results = new ArrayList<>();
        for (Hit hit : retriever.retrieve(internal.get(), request.query(), Integer.MAX_VALUE, ItemKind.FACT)) {
            double score = round(hit.score()); // the threshold applies to the score the caller sees
            if (results.size() == request.topK() || score <= 0 || score < request.threshold()) {
                break; // hits come best first
            }
            Fact fact = facts.get(hit.id());
            if (fact != null && request.filter().matches(fact.attributes())) {
                results.add(Mem0Memory.of(fact, request.filter().user(), score));
            }
        }
        return results;
    }

    private static SearchRequest searchRequest(Context ctx, Tenant tenant, JsonBody body) {
        Mem0Requests.checkQuery(ctx, Set.of(), Map.of());
        Mem0Requests.refuseUnsupported(body, SEARCH_REFUSED);
        checkCommon(tenant, body);
        String query = body.text("query").strip();
        if (query.isEmpty()) {
            throw ApiException.badRequest("invalid_field", "the field 'query' must not be empty");
        }
        int topK = Optional.ofNullable(body.optionalInt("top_k", 1, MAX_TOP_K)).orElse(10);
        double threshold = Optional.ofNullable(body.optionalNumber("threshold", 0, 1)).orElse(0.0);
        // Accepted and checked, with no effect: Engram's ranking has no such switches.
        body.optionalBoolean("rerank");
        body.optionalBoolean("keyword_search");
        body.optionalBoolean("filter_memories");
        body.optionalBoolean("latest_only");
        if (Boolean.TRUE.equals(body.optionalBoolean("show_expired"))) {
            throw Mem0Requests.unsupported("show_expired", "search looks at the facts that hold; list with show_expired"
                    + " to see those that no longer do");
        }
        return new SearchRequest(query, topK, threshold,
                Mem0Filter.parse(body.optionalObject("filters"), body.optionalObject("metadata")));
    }

    /** {@code POST /v3/memories/?page=&page_size=}: {@code {count, next, previous, results}}, oldest first. */
    void list(Context ctx) {
        Tenant tenant = ApiServer.tenant(ctx);
        Mem0Requests.checkQuery(ctx, Set.of("page", "page_size"), Map.of());
        JsonBody body = bodies.json(ctx, Mem0Requests.known(LIST_FIELDS, LIST_REFUSED));
        Mem0Requests.refuseUnsupported(body, LIST_REFUSED);
        checkCommon(tenant, body);
        body.optionalBoolean("latest_only");
        int page = pageParameter(ctx.queryParam("page"), body.optionalInt("page", 1, Integer.MAX_VALUE), "page",
                Integer.MAX_VALUE, 1);
        int size = pageParameter(ctx.queryParam("page_size"), body.optionalInt("page_size", 1, MAX_PAGE_SIZE), "page_size",
                MAX_PAGE_SIZE, 100);
        boolean expired = Boolean.TRUE.equals(body.optionalBoolean("show_expired"));
        Mem0Filter filter = Mem0Filter.parse(body.optionalObject("filters"), null);
        List<Fact> matching = users.find(tenant, filter.user())
                .map(internal -> store.facts(internal, expired).stream().filter(f -> filter.matches(f.attributes())).toList())
                .orElse(List.of());
        long from = (long) (page - 1) * size;
        List<Mem0Memory> results = matching.stream().skip(from).limit(size).map(f -> Mem0Memory.of(f, filter.user())).toList();
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("count", matching.size());
        reply.put("next", from + size < matching.size() ? pageUrl(ctx, page + 1, size) : null);
        reply.put("previous", page > 1 ? pageUrl(ctx, page - 1, size) : null);
        reply.put("results", results);
        ctx.json(reply);
    }

    private static void checkCommon(Tenant tenant, JsonBody body) {
        Mem0Requests.checkProject(tenant, "org_id", body.optionalText("org_id"));
        Mem0Requests.checkProject(tenant, "project_id", body.optionalText("project_id"));
        String format = body.optionalText("output_format");
        if (format != null && !format.equals("v1.0") && !format.equals("v1.1")) {
            throw ApiException.badRequest("invalid_field", "the field 'output_format' must be 'v1.0' or 'v1.1'");
        }
        body.optionalText("version");
    }

    /** A page number or size: the query parameter when given (it wins, as in mem0), else the body's, else the default. */
    private static int pageParameter(String query, Integer fromBody, String name, int max, int fallback) {
        if (query == null) {
            return fromBody == null ? fallback : fromBody;
        }
        try {
            int value = Integer.parseInt(query);
            if (value >= 1 && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badRequest("invalid_parameter", "the query parameter '" + name + "' must be a whole number from 1"
                + " to " + max);
    }

    private static String pageUrl(Context ctx, int page, int size) {
        return ctx.scheme() + "://" + ctx.host() + ctx.path() + "?page=" + page + "&page_size=" + size;
    }

    private static double round(double score) {
        return Math.round(score * 10_000) / 10_000.0;
    }
}
