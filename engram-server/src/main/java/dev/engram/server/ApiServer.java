package dev.engram.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.engram.chat.ChatService;
import dev.engram.chat.LiveSessions;
import dev.engram.curation.MemoryService;
import dev.engram.memory.JobQueue;
import dev.engram.server.web.WebChat;
import dev.engram.tenant.Tenant;
import dev.engram.tenant.TenantStore;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.jetty.http.UriCompliance;

/**
 * Engram's HTTP API (Javalin): chat turns, memory, export and erasure for the users of tenants
 * that authenticate with {@code Authorization: Bearer KEY}, their users' background jobs, MCP at
 * {@code /mcp} for the same tenants when it is given {@link McpAccess} (see {@link McpEndpoint}), plus
 * {@code /healthz} and {@code /openapi.json} without a key and {@code /metrics} (behind its own
 * token when one is set; it never shows tenant names, user ids or text). Every error is
 * {@code {"error": {"code", "message"}}}; a caller's mistake is a 4xx, never a 5xx. See
 * {@link OpenApiDocument} for the routes. {@link ApiExtension}s add routes of their own beside these
 * (the mem0-compatible API), with their own error shape. The web chat ({@link WebChat}) is served at
 * {@code /}.
 *
 * <pre>{@code
 * try (ApiServer server = new ApiServer(chat, memory, store.jobs(), tenants,
 *         ServerSettings.defaults("127.0.0.1", 8080), Clock.systemUTC()).start()) {
 *     server.join();
 * }
 * }</pre>
 *
 * <p>Thread safe. Turns of one user are serialized by {@link ChatService}; an erase waits for the
 * user's running writes in this process.
 */
public final class ApiServer implements AutoCloseable {
    private static final String TENANT = "engram.tenant";
    private static final String START = "engram.start";

    private final ServerSettings settings;
    private final Authenticator auth;
    private final TurnRoutes turns;
    private final MemoryRoutes memories;
    private final JobRoutes jobRoutes;
    private final ServerMetrics metrics;
    private final JobQueue jobs;
    private final List<ApiExtension> extensions;
    private final ServerParts parts;
    private final McpEndpoint mcp;
    private final ObjectMapper json = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final LiveSessions sessions;
    private Javalin app;
    private ScheduledExecutorService idleSweeper;
    private volatile String openApiJson;
    private static final java.util.regex.Pattern PATH_PARAMETER = java.util.regex.Pattern.compile("\\{([^/}]+)}");

    /**
     * @param jobs the memory job queue, read for {@code /metrics} and {@code /healthz}
     * @param clock stamps new tenant users
     */
    public ApiServer(ChatService chat, MemoryService memory, JobQueue jobs, TenantStore tenants, ServerSettings settings,
                     Clock clock) {
        this(chat, memory, jobs, tenants, settings, clock, List.of());
    }

    /**
     * A server that also answers the routes of {@code extensions} (such as the mem0-compatible
     * API), registered in order after Engram's own.
     */
    public ApiServer(ChatService chat, MemoryService memory, JobQueue jobs, TenantStore tenants, ServerSettings settings,
                     Clock clock, List<ApiExtension> extensions) {
        this(chat, memory, jobs, tenants, settings, clock, extensions, null);
    }

    /**
     * As {@link #ApiServer(ChatService, MemoryService, JobQueue, TenantStore, ServerSettings, Clock, List)},
     * serving MCP at {@code /mcp} too when {@code mcp} is not null: the same keys, tenants and users
     * as the JSON API.
     */
    public ApiServer(ChatService chat, MemoryService memory, JobQueue jobs, TenantStore tenants, ServerSettings settings,
                     Clock clock, List<ApiExtension> extensions, McpAccess mcp) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.extensions = List.copyOf(extensions);
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        LiveSessions sessions = new LiveSessions(chat, clock, settings.idleTimeout(), settings.maxLiveSessions());
        this.sessions = sessions;
        TenantUsers users = new TenantUsers(tenants, memory, sessions, clock);
        this.metrics = new ServerMetrics(jobs::outstanding, sessions::size);
        this.auth = new Authenticator(tenants);
        BodyReader bodies = new BodyReader(settings.maxBodyBytes());
        this.turns = new TurnRoutes(chat, users, sessions, metrics, json, bodies);
        this.memories = new MemoryRoutes(memory, users, sessions, settings.maxListLimit(), bodies);
        this.jobRoutes = new JobRoutes(tenants, settings.maxListLimit());
        this.parts = new ServerParts(users, bodies);
        this.mcp = mcp == null ? null : new McpEndpoint(mcp, auth, users, settings, metrics);
    }

    /** Starts listening; returns this server. */
    public synchronized ApiServer start() {
        if (app != null) {
            throw new IllegalStateException("the server is already started");
        }
        app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.http.maxRequestSize = settings.maxBodyBytes();
            config.jsonMapper(new JavalinJackson(json, false));
            WebChat.install(config);
            // Ids like "..%2F..%2Fetc" must reach the id checks and get a JSON 400, not Jetty's HTML page.
            config.jetty.modifyHttpConfiguration(http -> http.setUriCompliance(UriCompliance.LEGACY));
            config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
            config.jetty.modifyServletContextHandler(handler -> {
                handler.setErrorHandler(new JsonErrorHandler());
                MethodOverrideFilter.install(handler);
                if (mcp != null) {
                    mcp.install(handler);
                }
            });
        });
        routes(app);
        app.start(settings.host(), settings.port());
        idleSweeper = LiveSessions.sweepIdle(settings.idleTimeout(), sessions);
        return this;
    }

    /** The port listened on (useful with port 0). */
    public synchronized int port() {
        if (app == null) {
            throw new IllegalStateException("the server is not started");
        }
        return app.port();
    }

    /** Blocks until the server stops. */
    public void join() throws InterruptedException {
        Javalin started;
        synchronized (this) {
            started = app;
        }
        if (started != null) {
            started.jettyServer().server().join();
        }
    }

    /** Stops the server; live sessions are dropped (the turn log keeps them). Safe to call twice. */
    @Override
    public synchronized void close() {
        if (idleSweeper != null) {
            idleSweeper.shutdownNow();
            idleSweeper = null;
        }
        if (app != null) {
            if (mcp != null) {
                mcp.close();
            }
            app.stop();
            app = null;
        }
    }

    /** {@link OpenApiDocument} with the extensions' routes added (they accept {@code Authorization: Token KEY} too). */
    private String openApi() {
        try {
            com.fasterxml.jackson.databind.node.ObjectNode doc =
                    (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(OpenApiDocument.JSON);
            com.fasterxml.jackson.databind.node.ObjectNode paths = (com.fasterxml.jackson.databind.node.ObjectNode) doc.get("paths");
            for (ApiExtension extension : extensions) {
                for (DescribedRoute route : extension.describedRoutes()) {
                    com.fasterxml.jackson.databind.node.ObjectNode path = paths.has(route.path())
                            ? (com.fasterxml.jackson.databind.node.ObjectNode) paths.get(route.path()) : paths.putObject(route.path());
                    if (path.has(route.method())) {
                        throw new IllegalStateException("an extension's route " + route.method() + " " + route.path()
                                + " is one of Engram's own");
                    }
                    com.fasterxml.jackson.databind.node.ObjectNode op = path.putObject(route.method());
                    op.put("summary", route.summary());
                    com.fasterxml.jackson.databind.node.ArrayNode parameters = op.putArray("parameters");
                    java.util.regex.Matcher names = PATH_PARAMETER.matcher(route.path());
                    while (names.find()) {
                        parameters.addObject().put("name", names.group(1)).put("in", "path").put("required", true)
                                .putObject("schema").put("type", "string");
                    }
                    op.putObject("responses").putObject("200").put("description", "See mem0's Platform API");
                }
            }
            return json.writeValueAsString(doc);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the OpenAPI document does not parse: " + e.getMessage(), e);
        }
    }

    private void routes(Javalin app) {
        app.before(ctx -> ctx.attribute(START, System.nanoTime()));
        app.before(ctx -> {
            if (owner(ctx.path()) != null) {
                ctx.attribute(TENANT, auth.authenticate(ctx.header("Authorization"), true));
            }
        });
        app.before("/v1/*", ctx -> {
            if (owner(ctx.path()) == null) {
                ctx.attribute(TENANT, auth.authenticate(ctx.header("Authorization")));
            }
        });
        app.get("/healthz", this::health);
        app.get("/metrics", this::metrics);
        app.get("/openapi.json", ctx -> ctx.contentType("application/json").result(openApiJson));
        app.post("/v1/users/{userId}/messages", turns::message);
        app.post("/v1/users/{userId}/sessions/{sessionId}/end", turns::end);
        app.get("/v1/users/{userId}/memory", memories::overview);
        app.get("/v1/users/{userId}/memories", memories::list);
        app.post("/v1/users/{userId}/memories", memories::add);
        app.patch("/v1/users/{userId}/memories/{memoryId}", memories::edit);
        app.delete("/v1/users/{userId}/memories/{memoryId}", memories::delete);
        app.get("/v1/users/{userId}/memories/{memoryId}/history", memories::history);
        app.get("/v1/users/{userId}/export", memories::export);
        app.delete("/v1/users/{userId}", memories::erase);
        app.get("/v1/jobs", jobRoutes::list);
        extensions.forEach(extension -> extension.register(app, parts));
        // After the extensions registered, so that the document lists the routes they added.
        openApiJson = openApi();
        app.exception(Exception.class, (e, ctx) -> error(ctx, ErrorMapping.map(e)));
        app.exception(HttpResponseException.class, (e, ctx) -> error(ctx, ErrorMapping.map(e)));
        app.error(404, ctx -> {
            if (ctx.attribute("engram.error") == null) {
                error(ctx, ApiException.notFound("there is no route " + ctx.method() + " " + ctx.path()));
            }
        });
        app.after(ctx -> metrics.request(ctx.method().name(), route(ctx), ctx.statusCode()));
    }

    private void metrics(Context ctx) {
        String token = settings.metricsToken();
        if (token != null) {
            String header = ctx.header("Authorization");
            byte[] sent = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                    ? header.substring(7).strip().getBytes(StandardCharsets.UTF_8) : new byte[0];
            if (!MessageDigest.isEqual(sent, token.getBytes(StandardCharsets.UTF_8))) {
                throw new ApiException(401, "unauthorized", "/metrics needs 'Authorization: Bearer <ENGRAM_METRICS_TOKEN>'");
            }
        }
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.render());
    }

    private void health(Context ctx) {
        try {
            int depth = jobs.outstanding();
            ctx.json(Map.of("status", "ok", "queueDepth", depth));
        } catch (RuntimeException e) {
            ctx.status(503).json(Map.of("status", "unavailable", "reason", "the database does not answer"));
        }
    }

    private void error(Context ctx, ApiException e) {
        metrics.failure(e.code());
        ctx.attribute("engram.error", e.code());
        ApiExtension owner = owner(ctx.path());
        if (owner != null) {
            try {
                owner.writeError(ctx, e);
                return;
            } catch (RuntimeException bug) {
                // A request must never hang on a broken error writer: answer in Engram's own shape.
                System.getLogger(ApiServer.class.getName()).log(System.Logger.Level.ERROR,
                        "an API extension could not write an error", bug);
            }
        }
        if (e.status() == 401) {
            ctx.header("WWW-Authenticate", "Bearer");
        }
        ctx.status(e.status()).json(Map.of("error", Map.of("code", e.code(), "message", e.getMessage())));
    }

    /** The extension that answers {@code path}, or null for Engram's own routes. */
    private ApiExtension owner(String path) {
        for (ApiExtension extension : extensions) {
            if (extension.owns(path)) {
                return extension;
            }
        }
        return null;
    }

    private static String route(Context ctx) {
        String path = ctx.endpointHandlerPath();
        return path == null || path.isEmpty() || path.equals("*") ? "unmatched" : path;
    }

    /** The tenant that authenticated the request; only on routes that need a key. */
    public static Tenant tenant(Context ctx) {
        Tenant tenant = ctx.attribute(TENANT);
        if (tenant == null) {
            throw new IllegalStateException("a /v1 route ran without an authenticated tenant");
        }
        return tenant;
    }

    static long startNanos(Context ctx) {
        Long start = ctx.attribute(START);
        return start == null ? System.nanoTime() : start;
    }
}
