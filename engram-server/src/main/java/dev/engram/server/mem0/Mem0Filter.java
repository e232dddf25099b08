package dev.engram.server.mem0;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.memory.Attributes;
import dev.engram.memory.UserId;
import dev.engram.server.ApiException;
import java.util.Iterator;
import java.util.Map;

/**
 * The {@code filters} of a mem0 search or list, in the part Engram supports: one {@code user_id},
 * and {@code metadata} values a memory must have exactly, alone or joined with {@code AND}. Any
 * other filter (other entities, {@code OR}, {@code NOT}, operators, dates, categories) is refused
 * by name, never ignored.
 *
 * @param user the tenant's own id of the user whose memories are searched
 * @param metadata keys and values a memory's metadata must hold ({@link Attributes#NONE} for no condition)
 */
record Mem0Filter(UserId user, Attributes metadata) {
    private static final String SUPPORTED = "Engram filters on user_id and on metadata values (exact), alone or joined"
            + " with AND";

    /** A filter from the {@code filters} of a request, with top-level {@code metadata} (search's own) added. */
    static Mem0Filter parse(JsonNode filters, JsonNode topLevelMetadata) {
        if (filters == null || filters.isEmpty()) {
            throw ApiException.badRequest("missing_filters", "filters are required and cannot be empty: send"
                    + " {\"filters\": {\"user_id\": \"...\"}}");
        }
        Builder b = new Builder();
        b.add(filters, "filters");
        if (topLevelMetadata != null) {
            b.metadata(topLevelMetadata, "metadata");
        }
        if (b.user == null) {
            throw ApiException.badRequest("missing_filters", "filters need a user_id: Engram searches one user's memories");
        }
        return new Mem0Filter(b.user, Attributes.of(b.metadata));
    }

    /** True when a memory's metadata meets the filter. */
    boolean matches(Attributes memoryMetadata) {
        return metadata.isEmpty() || memoryMetadata.containsAll(metadata);
    }

    /** Collects conditions from nested {@code AND}s. */
    private static final class Builder {
        private UserId user;
        private final ObjectNode metadata = JsonNodeFactory.instance.objectNode();

        void add(JsonNode node, String where) {
            if (!node.isObject()) {
                throw ApiException.badRequest("invalid_filters", "'" + where + "' must be an object");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String at = where + "." + e.getKey();
                switch (e.getKey()) {
                    case "user_id" -> user(e.getValue(), at);
                    case "metadata" -> metadata(e.getValue(), at);
                    case "AND" -> and(e.getValue(), at);
                    case "agent_id", "app_id", "run_id" -> throw Mem0Requests.unsupported(at, Mem0Requests.PER_USER);
                    case "userId", "agentId", "appId", "runId" -> throw ApiException.badRequest("invalid_filters",
                            "unknown filter '" + at + "': mem0's filters are snake_case, e.g. user_id");
                    default -> throw Mem0Requests.unsupported(Mem0Requests.printable(at), SUPPORTED);
                }
            }
        }

        private void user(JsonNode value, String at) {
            if (!value.isTextual()) {
                throw Mem0Requests.unsupported(at, "give one user id as a string (operators such as in are not supported)");
            }
            UserId id = Mem0Requests.userId(value.asText());
            if (user != null && !user.equals(id)) {
                throw ApiException.badRequest("invalid_filters", "the filters name two users, '" + user + "' and '" + id
                        + "': Engram searches one user's memories at a time");
            }
            user = id;
        }

        void metadata(JsonNode value, String at) {
            if (!value.isObject()) {
                throw ApiException.badRequest("invalid_filters", "'" + at + "' must be an object of keys and values");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode known = metadata.get(e.getKey());
                if (known != null && !known.equals(e.getValue())) {
                    throw ApiException.badRequest("invalid_filters", "metadata key '" + Mem0Requests.printable(e.getKey())
                            + "' is asked for with two values; no memory can match both");
                }
                metadata.set(e.getKey(), e.getValue());
            }
        }

        private void and(JsonNode value, String at) {
            if (!value.isArray() || value.isEmpty()) {
                throw ApiException.badRequest("invalid_filters", "'" + at + "' must be a non-empty list of filters");
            }
            for (int i = 0; i < value.size(); i++) {
                add(value.get(i), at + "[" + i + "]");
            }
        }
    }
}
