package dev.engram.server.mem0;

import dev.engram.curation.MemoryService;
import dev.engram.memory.MemoryStore;
import dev.engram.retrieval.HybridRetriever;
import dev.engram.server.ApiException;
import dev.engram.server.ApiExtension;
import dev.engram.server.ApiServer;
import dev.engram.server.DescribedRoute;
import dev.engram.server.ServerParts;
import dev.engram.tenant.Tenant;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The mem0 Platform routes that mem0's clients call, served by Engram under the tenant keys of its
 * own API (mem0 sends {@code Authorization: Token KEY}). Every reply is JSON, as mem0's clients need;
 * every error is mem0's shape, {@code {"error": message, "detail": message, "code": code}} with the
 * right 4xx, including unknown routes under mem0's prefixes (404) and known ones called with another
 * method (405). Thread safe.
 *
 * <pre>{@code
 * new ApiServer(chat, memory, jobs, tenants, settings, clock,
 *         List.of(new Mem0Api(memory, store, retriever, worker::wake, 20_000, clock)));
 * }</pre>
 */
public final class Mem0Api implements ApiExtension {
    /** Path prefixes mem0's clients call; the routes Engram does not serve under them get mem0-style 404s. */
    static final List<String> PREFIXES = List.of("/v1/ping", "/v1/memories", "/v2/memories", "/v3/memories",
            "/v1/entities", "/v2/entities", "/v1/batch", "/v1/feedback", "/v1/exports", "/v1/event", "/v2/profiles", "/api/v1");
    private static final List<HandlerType> METHODS = List.of(HandlerType.GET, HandlerType.POST, HandlerType.PUT,
            HandlerType.PATCH, HandlerType.DELETE);

    private record Route(HandlerType method, String path, Handler handler, String summary) {}


    private volatile List<DescribedRoute> described = List.of();
    private final MemoryService memory;
    private final MemoryStore store;
    private final HybridRetriever retriever;
    private final Runnable jobsEnqueued;
    private final int maxMessageChars;
    private final Clock clock;
    /** The paths of the registered routes, each matching with or without its trailing slash; set by {@link #register}. */
    private volatile List<Pattern> routePaths = List.of();

    /**
     * @param store read for memories and their history; writes go through {@code memory}
     * @param retriever ranks facts for search (hybrid when there is an embedder)
     * @param jobsEnqueued called after an add queued extraction jobs, to wake the worker
     * @param maxMessageChars the longest message an add takes, as in chat
     */
    public Mem0Api(MemoryService memory, MemoryStore store, HybridRetriever retriever, Runnable jobsEnqueued,
                   int maxMessageChars, Clock clock) {
        this.memory = Objects.requireNonNull(memory, "memory");
        this.store = Objects.requireNonNull(store, "store");
        this.retriever = Objects.requireNonNull(retriever, "retriever");
        this.jobsEnqueued = Objects.requireNonNull(jobsEnqueued, "jobsEnqueued");
        if (maxMessageChars < 1) {
            throw new IllegalArgumentException("the longest message must be at least 1 character, was " + maxMessageChars);
        }
        this.maxMessageChars = maxMessageChars;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public boolean owns(String path) {
        return PREFIXES.stream().anyMatch(p -> path.equals(p) || path.startsWith(p + "/"));
    }

    /** The routes as {@link #register} added them, with their summaries; empty before. */
    @Override
    public List<DescribedRoute> describedRoutes() {
        return described;
    }

    @Override
    public void register(Javalin app, ServerParts parts) {
        List<Route> routes = routes(parts);
        described = routes.stream()
                .map(r -> new DescribedRoute(r.method().name().toLowerCase(Locale.ROOT), r.path(), r.summary())).toList();
        routes.forEach(r -> app.addHttpHandler(r.method(), r.path(), r.handler()));
        routePaths = routes.stream().map(Route::path).distinct()
                .map(p -> Pattern.compile(p.replaceAll("\\{[^/]+}", "[^/]+") + "/?")).toList();
        Map<String, List<HandlerType>> byPath = routes.stream().collect(Collectors.groupingBy(Route::path,
                LinkedHashMap::new, Collectors.mapping(Route::method, Collectors.toList())));
        byPath.forEach((path, methods) -> METHODS.stream().filter(m -> !methods.contains(m))
                .forEach(m -> app.addHttpHandler(m, path, ctx -> notAllowed(ctx, methods))));
    }

    private List<Route> routes(ServerParts parts) {
        Mem0Add add = new Mem0Add(memory, parts.users(), parts.bodies(), jobsEnqueued, maxMessageChars, clock);
        Mem0Queries queries = new Mem0Queries(store, retriever, parts.users(), parts.bodies());
        Mem0ById byId = new Mem0ById(memory, store, parts.users(), parts.bodies());
        Mem0Erase erase = new Mem0Erase(parts.users());
        List<Route> routes = new ArrayList<>();
        routes.add(new Route(HandlerType.GET, "/v1/ping", Mem0Api::ping,
                "mem0: check the key (org and project are the tenant's name)."));
        routes.add(new Route(HandlerType.POST, "/v3/memories/add", add::v3,
                "mem0: add messages (inferred facts, or verbatim with infer: false); answers pending."));
        routes.add(new Route(HandlerType.POST, "/v1/memories", add::v1,
                "mem0: add messages (v1 form)."));
        routes.add(new Route(HandlerType.DELETE, "/v1/memories", erase::all,
                "mem0: delete all of one user's memories (an erase; user_id is required)."));
        routes.add(new Route(HandlerType.POST, "/v3/memories/search", queries::searchV3,
                "mem0: search one user's facts (hybrid retrieval)."));
        routes.add(new Route(HandlerType.POST, "/v2/memories/search", queries::searchV2,
                "mem0: search one user's facts (v2 form)."));
        routes.add(new Route(HandlerType.POST, "/v3/memories", queries::list,
                "mem0: list one user's facts, paginated."));
        routes.add(new Route(HandlerType.GET, "/v1/memories/{memoryId}", byId::get,
                "mem0: one fact, by Engram id or imported mem0 id."));
        routes.add(new Route(HandlerType.PUT, "/v1/memories/{memoryId}", byId::update,
                "mem0: change a fact's text or metadata."));
        routes.add(new Route(HandlerType.DELETE, "/v1/memories/{memoryId}", byId::delete,
                "mem0: forget a fact, with the messages it came from."));
        routes.add(new Route(HandlerType.GET, "/v1/memories/{memoryId}/history", byId::history,
                "mem0: a fact's history."));
        routes.add(new Route(HandlerType.DELETE, "/v2/entities/{type}/{entityId}", erase::entity,
                "mem0: delete a user (an erase); other entity types are refused."));
        routes.add(new Route(HandlerType.DELETE, "/v1/entities/{type}/{entityId}", erase::entity,
                "mem0: delete a user (v1 form)."));
        return routes;
    }

    /**
     * {@code GET /v1/ping/}: the key is valid. The org and project are the tenant's name, and no
     * {@code user_email} is sent, so the client has no address to send telemetry about.
     */
    private static void ping(Context ctx) {
        Mem0Requests.checkQuery(ctx, Set.of(), Map.of());
        Tenant tenant = ApiServer.tenant(ctx);
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("status", "ok");
        reply.put("message", "API key is valid");
        reply.put("org_id", tenant.name());
        reply.put("project_id", tenant.name());
        reply.put("user_email", null);
        ctx.json(reply);
    }

    private static void notAllowed(Context ctx, List<HandlerType> methods) {
        ctx.header("Allow", methods.stream().map(HandlerType::name).collect(Collectors.joining(", ")));
        throw new ApiException(405, "method_not_allowed", "Method not allowed: " + ctx.method() + " " + ctx.path()
                + " takes " + methods.stream().map(HandlerType::name).collect(Collectors.joining(" or ")));
    }

    @Override
    public void writeError(Context ctx, ApiException error) {
        if (error.status() == 401) {
            ctx.header("WWW-Authenticate", "Token");
        }
        String message = error.getMessage();
        if (error.status() == 404 && routePaths.stream().noneMatch(p -> p.matcher(ctx.path()).matches())) {
            message = "Not found: " + ctx.method() + " " + ctx.path() + " is not a mem0 route Engram serves";
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        body.put("detail", message);
        body.put("code", error.code());
        ctx.status(error.status()).json(body);
    }
}
