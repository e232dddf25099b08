package dev.engram.server;

import dev.engram.mcp.MemoryBackend;
import java.util.List;
import java.util.Objects;

/**
 * What the HTTP API needs to serve MCP at {@code /mcp}: the memory the tools use, and the Host and
 * Origin patterns accepted besides the loopback ones and the address the server listens on (for a
 * server reached by another name, e.g. behind a proxy). A pattern is {@code name:port} or
 * {@code name:*} for a host, {@code scheme://name:port} or {@code scheme://name:*} for an origin.
 */
public record McpAccess(MemoryBackend backend, List<String> extraHosts, List<String> extraOrigins) {
    public McpAccess {
        Objects.requireNonNull(backend, "backend");
        extraHosts = List.copyOf(extraHosts);
        extraOrigins = List.copyOf(extraOrigins);
    }
}
