package dev.engram.server;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.List;

/**
 * Routes served beside Engram's own API under path prefixes of their own, with their own error
 * shape: the mem0-compatible API ({@code dev.engram.server.mem0}) is one. {@link ApiServer}
 * authenticates every request to a path the extension {@linkplain #owns owns} before its handlers
 * run, accepting {@code Authorization: Token KEY} there beside {@code Bearer KEY} (the tenant is then
 * {@link ApiServer#tenant}), and hands every error on such a path, unknown routes included, to
 * {@link #writeError}.
 */
public interface ApiExtension {

    /** True for the paths this extension answers: its routes, and unknown paths under its prefixes. */
    boolean owns(String path);

    /** Adds the extension's routes; called once, before the server starts listening. */
    void register(Javalin app, ServerParts parts);

    /** Writes {@code error} (status, body and headers) the way this extension's clients expect errors. */
    void writeError(Context ctx, ApiException error);

    /** The routes to list in {@code /openapi.json}; none unless the extension says. */
    default List<DescribedRoute> describedRoutes() {
        return List.of();
    }
}
