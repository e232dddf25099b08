package dev.engram.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.memory.UserId;
import dev.engram.tenant.Tenant;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Guards {@code /mcp}, where Javalin's before-handlers do not run: every request needs a tenant key
 * ({@link Authenticator}, the same 401 as the JSON API), and every request of a session must come
 * from the tenant that opened it. A request naming a session that is not the tenant's gets the same
 * 404 as an unknown session, so a tenant learns nothing about another's sessions. The caller is left
 * on the request for the transport's context extractor. Must be async-supported, as the transport
 * answers requests asynchronously.
 */
final class McpAuthFilter implements Filter {
    static final String CALLER = "engram.mcp.caller";
    static final String SESSION_HEADER = "Mcp-Session-Id";
    static final String USER_HEADER = "X-Engram-User";

    private final Authenticator auth;
    private final McpSessions sessions;
    private final ObjectMapper json = new ObjectMapper();

    McpAuthFilter(Authenticator auth, McpSessions sessions) {
        this.auth = auth;
        this.sessions = sessions;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        HttpServletResponse out = (HttpServletResponse) response;
        try {
            Tenant tenant = auth.authenticate(http.getHeader("Authorization"));
            UserId named = namedUser(http.getHeader(USER_HEADER));
            String session = http.getHeader(SESSION_HEADER);
            if (session == null) {
                // No session yet: an initialize, whose answer names the new session.
                McpCaller caller = new McpCaller(tenant, named);
                http.setAttribute(CALLER, caller);
                chain.doFilter(http, new SessionCapture(out, id -> sessions.pin(id, caller)));
                return;
            }
            McpCaller caller = sessions.get(session).filter(c -> c.tenant().id() == tenant.id())
                    .orElseThrow(() -> ApiException.notFound("there is no MCP session '" + session
                            + "'; open one with an initialize request"));
            if (named != null && !named.equals(caller.sessionUser())) {
                throw ApiException.badRequest("invalid_user_id", "this MCP session was opened for "
                        + (caller.sessionUser() == null ? "no user" : "user '" + caller.sessionUser() + "'")
                        + "; " + USER_HEADER + " cannot change within a session: open a new one");
            }
            http.setAttribute(CALLER, caller);
            chain.doFilter(http, out);
            if ("DELETE".equals(http.getMethod()) && out.getStatus() < 300) {
                sessions.remove(session);
            }
        } catch (ApiException e) {
            reject(out, e);
        }
    }

    private static UserId namedUser(String header) {
        if (header == null) {
            return null;
        }
        try {
            return UserId.of(header.strip());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_user_id", USER_HEADER + ": " + e.getMessage());
        }
    }

    private void reject(HttpServletResponse out, ApiException e) throws IOException {
        out.setStatus(e.status());
        if (e.status() == 401) {
            out.setHeader("WWW-Authenticate", "Bearer");
        }
        out.setContentType("application/json");
        byte[] body = json.writeValueAsBytes(Map.of("error", Map.of("code", e.code(), "message", e.getMessage())));
        out.setContentLength(body.length);
        out.getOutputStream().write(body);
    }

    /**
     * Pins the session id the transport gives a new session in its answer to initialize, as the
     * header is set: before the answer is sent, so that the client's next request finds the pin.
     */
    private static final class SessionCapture extends HttpServletResponseWrapper {
        private final Consumer<String> pin;

        SessionCapture(HttpServletResponse response, Consumer<String> pin) {
            super(response);
            this.pin = pin;
        }

        @Override
        public void setHeader(String name, String value) {
            note(name, value);
            super.setHeader(name, value);
        }

        @Override
        public void addHeader(String name, String value) {
            note(name, value);
            super.addHeader(name, value);
        }

        private void note(String name, String value) {
            if (SESSION_HEADER.equalsIgnoreCase(name) && value != null) {
                pin.accept(value);
            }
        }
    }
}
