package dev.engram.server;

import dev.engram.mcp.EngramMcpServer;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.DefaultServerTransportSecurityValidator;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.servlet.FilterHolder;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;

/**
 * MCP over Streamable HTTP at {@value #PATH}, in the same Jetty as the JSON API: the SDK's servlet
 * transport behind {@link McpAuthFilter}, both async-supported. The transport checks {@code Host}
 * and {@code Origin} against the loopback names, the listening address and {@link McpAccess}'s
 * extra patterns (protection against DNS rebinding; a request without {@code Origin}, as from a
 * program, passes); a mismatch gets 421 or 403. Bodies are limited as the JSON API's are.
 */
final class McpEndpoint {
    static final String PATH = "/mcp";
    private static final Set<String> ANY_ADDRESS = Set.of("0.0.0.0", "::", "[::]");

    private final HttpServletStreamableServerTransportProvider transport;
    private final McpSyncServer server;
    private final McpAuthFilter filter;
    private final ServerMetrics metrics;

    McpEndpoint(McpAccess access, Authenticator auth, TenantUsers users, ServerSettings settings, ServerMetrics metrics) {
        this.metrics = metrics;
        McpJsonMapper mapper = EngramMcpServer.jsonMapper();
        DefaultServerTransportSecurityValidator.Builder validator = DefaultServerTransportSecurityValidator.builder();
        hosts(settings.host(), access.extraHosts()).forEach(validator::allowedHost);
        origins(settings.host(), access.extraOrigins()).forEach(validator::allowedOrigin);
        this.transport = HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(mapper)
                .mcpEndpoint(PATH)
                .contextExtractor((HttpServletRequest request) -> {
                    Object caller = request.getAttribute(McpAuthFilter.CALLER);
                    return caller == null ? McpTransportContext.EMPTY : McpTransportContext.create(Map.of(McpAuthFilter.CALLER, caller));
                })
                .securityValidator(validator.build())
                .maxRequestSize((int) Math.min(Integer.MAX_VALUE, settings.maxBodyBytes()))
                .build();
        this.server = EngramMcpServer.build(transport, mapper, access.backend(), new TenantScopes(users));
        this.filter = new McpAuthFilter(auth, new McpSessions(settings.maxLiveSessions()));
    }

    /** Adds the transport's servlet and the filter in front of it to Javalin's servlet context. */
    void install(ServletContextHandler handler) {
        ServletHolder servlet = new ServletHolder("mcp", transport);
        servlet.setAsyncSupported(true);
        handler.addServlet(servlet, PATH);
        // First in front of the transport, so that refused requests (401, 404, 421, 403) are counted too.
        FilterHolder counter = new FilterHolder((jakarta.servlet.Filter) (request, response, chain) -> {
            try {
                chain.doFilter(request, response);
            } finally {
                if (request instanceof HttpServletRequest http && response instanceof jakarta.servlet.http.HttpServletResponse out) {
                    metrics.request(http.getMethod(), PATH, out.getStatus());
                }
            }
        });
        counter.setAsyncSupported(true);
        handler.addFilter(counter, PATH, EnumSet.of(DispatcherType.REQUEST));
        FilterHolder guard = new FilterHolder(filter);
        guard.setAsyncSupported(true);
        handler.addFilter(guard, PATH, EnumSet.of(DispatcherType.REQUEST));
    }

    /** Ends the MCP sessions; called when the server stops. */
    void close() {
        server.closeGracefully();
    }

    /** Host patterns: the loopback names, the address listened on unless it is a wildcard, and the extras. */
    static List<String> hosts(String listenHost, List<String> extras) {
        List<String> hosts = new ArrayList<>(List.of("localhost:*", "127.0.0.1:*", "[::1]:*"));
        if (!ANY_ADDRESS.contains(listenHost) && !hosts.contains(listenHost + ":*")) {
            hosts.add(listenHost + ":*");
        }
        hosts.addAll(extras);
        return hosts;
    }

    static List<String> origins(String listenHost, List<String> extras) {
        List<String> origins = new ArrayList<>();
        for (String host : hosts(listenHost, List.of())) {
            origins.add("http://" + host);
            origins.add("https://" + host);
        }
        origins.addAll(extras);
        return origins;
    }
}
