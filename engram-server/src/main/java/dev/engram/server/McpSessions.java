package dev.engram.server;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Pins each MCP session to the caller that opened it. The SDK's transport accepts any request that
 * carries a known {@code Mcp-Session-Id}, whatever its key; with this pin a session answers only the
 * tenant that opened it. At most {@code capacity} sessions are pinned, the least recently used
 * dropped first: a dropped session is refused like an unknown one, and the client opens a new one.
 * Thread safe.
 */
final class McpSessions {
    private final Map<String, McpCaller> pins;

    McpSessions(int capacity) {
        this.pins = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, McpCaller> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized void pin(String sessionId, McpCaller caller) {
        pins.put(sessionId, caller);
    }

    synchronized Optional<McpCaller> get(String sessionId) {
        return Optional.ofNullable(pins.get(sessionId));
    }

    synchronized void remove(String sessionId) {
        pins.remove(sessionId);
    }
}
