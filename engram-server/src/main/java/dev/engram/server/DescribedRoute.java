package dev.engram.server;

import java.util.Objects;

/**
 * A route an {@link ApiExtension} serves, as {@code /openapi.json} lists it: the HTTP method (lower
 * case), the path with {@code {parameters}}, and a one-line summary.
 */
public record DescribedRoute(String method, String path, String summary) {
    public DescribedRoute {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(summary, "summary");
    }
}
