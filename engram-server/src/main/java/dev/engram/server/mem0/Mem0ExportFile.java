package dev.engram.server.mem0;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.memory.Fact;
import dev.engram.memory.StorableText;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads the JSON a mem0 client's get-all returns, in every shape mem0 has written it: a bare list
 * of memories (older clients, open-source mem0), {@code {"results": [...]}}, or the paginated
 * {@code {count, next, previous, results}}; pages joined into a list or written one after another;
 * snake_case keys (Python) or camelCase (the JS client converts them). Each memory needs an
 * {@code id} and a non-empty {@code memory}; its metadata is kept whole. What Engram has no place
 * for (categories, hashes, structured attributes) is counted in the notes, never silently dropped.
 */
final class Mem0ExportFile {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final Set<String> KEPT = Set.of("id", "memory", "user_id", "userId", "metadata", "created_at", "createdAt",
            "updated_at", "updatedAt");
    private static final Set<String> SCOPES = Set.of("agent_id", "agentId", "app_id", "appId", "run_id", "runId",
            "session_id", "sessionId", "actor_id", "actorId");

    /** One memory of the export, as Engram will keep it. {@code userId} is null when the file names none. */
    record Row(String where, String id, String memory, String userId, JsonNode metadata, Instant createdAt, Instant updatedAt) {}

    /** The memories, in file order, and notes on what is not kept. */
    record Parsed(List<Row> rows, List<String> notes) {}

    private Mem0ExportFile() {}

    static Parsed read(String json, Mem0Timestamps times, Instant now) {
        List<JsonNode> items = new ArrayList<>();
        for (JsonNode document : documents(json)) {
            collect(document, items);
        }
        List<Row> rows = new ArrayList<>();
        Map<String, Integer> dropped = new TreeMap<>();
        Set<String> ids = new HashSet<>();
        int scoped = 0;
        int undated = 0;
        for (int i = 0; i < items.size(); i++) {
            String where = "memory " + (i + 1);
            JsonNode item = items.get(i);
            if (!item.isObject()) {
                throw new IllegalArgumentException(where + " is not a JSON object");
            }
            Row row = row(item, where, times, now);
            if (!ids.add(row.id())) {
                throw new IllegalArgumentException(where + " has the id " + row.id() + " of an earlier memory: each id once");
            }
            undated += text(item, where, "created_at", "createdAt") == null ? 1 : 0;
            scoped += SCOPES.stream().anyMatch(s -> item.hasNonNull(s)) ? 1 : 0;
            item.fieldNames().forEachRemaining(f -> {
                if (!KEPT.contains(f) && !SCOPES.contains(f) && !item.get(f).isNull()) {
                    dropped.merge(f, 1, Integer::sum);
                }
            });
            rows.add(row);
        }
        return new Parsed(rows, notes(dropped, scoped, undated));
    }

    private static Row row(JsonNode item, String where, Mem0Timestamps times, Instant now) {
        String id = text(item, where, "id", "id");
        if (id == null) {
            throw new IllegalArgumentException(where + " has no id");
        }
        try {
            Fact.requireOriginId(id);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage());
        }
        String memory = text(item, where, "memory", "memory");
        if (memory == null || memory.isBlank()) {
            throw new IllegalArgumentException(where + " (" + id + ") has no memory text");
        }
        if (item.hasNonNull("expiration_date") || item.hasNonNull("expirationDate")) {
            throw new IllegalArgumentException(where + " (" + id + ") has an expiration date: Engram's memories do not"
                    + " expire; remove the field, or the memory, to import it");
        }
        JsonNode metadata = item.get("metadata");
        if (metadata != null && !metadata.isNull() && !metadata.isObject()) {
            throw new IllegalArgumentException(where + " (" + id + "): metadata must be an object");
        }
        String created = text(item, where, "created_at", "createdAt");
        String updated = text(item, where, "updated_at", "updatedAt");
        Instant createdAt = created == null ? now : times.parse(created, where + " created_at");
        Instant updatedAt = updated == null ? createdAt : times.parse(updated, where + " updated_at");
        return new Row(where, id, memory.strip(), text(item, where, "user_id", "userId"),
                metadata == null || metadata.isNull() ? null : metadata, createdAt, updatedAt);
    }

    /** A string field under either name; null when absent or JSON null. */
    private static String text(JsonNode item, String where, String snake, String camel) {
        JsonNode v = item.hasNonNull(snake) ? item.get(snake) : item.get(camel);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException(where + ": " + snake + " must be a string");
        }
        return v.asText();
    }

    private static List<JsonNode> documents(String json) {
        List<JsonNode> documents = new ArrayList<>();
        // One document after another (pages written one by one); a parser, since readValues would unwrap a list.
        try (JsonParser parser = JSON.createParser(json)) {
            while (parser.nextToken() != null) {
                documents.add(JSON.readTree(parser));
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the file is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("the file could not be read as JSON: " + e.getMessage());
        }
        if (documents.isEmpty()) {
            throw new IllegalArgumentException("the file is empty: expected the JSON of mem0's get-all");
        }
        documents.forEach(d -> StorableText.requireAll(d, null));
        return documents;
    }

    /** Adds the memories of one document: a list (of memories, or of pages), or a page with results. */
    private static void collect(JsonNode document, List<JsonNode> items) {
        if (document.isArray()) {
            for (JsonNode element : document) {
                if (element.isObject() && element.has("results") && !element.has("memory")) {
                    collect(element, items);
                } else {
                    items.add(element);
                }
            }
        } else if (document.isObject() && document.get("results") != null && document.get("results").isArray()) {
            document.get("results").forEach(items::add);
        } else {
            throw new IllegalArgumentException("expected mem0's get-all JSON: a list of memories, {\"results\": [...]}"
                    + " or {\"count\", \"next\", \"previous\", \"results\"}");
        }
    }

    private static List<String> notes(Map<String, Integer> dropped, int scoped, int undated) {
        List<String> notes = new ArrayList<>();
        dropped.forEach((field, count) -> notes.add("'" + field + "' of " + count + " memor" + (count == 1 ? "y is" : "ies are")
                + " not kept: Engram has no place for it"));
        if (scoped > 0) {
            notes.add(scoped + " memor" + (scoped == 1 ? "y names" : "ies name") + " an agent, app, run or actor: Engram keeps"
                    + " memory per user, so they are imported into their user");
        }
        if (undated > 0) {
            notes.add(undated + " memor" + (undated == 1 ? "y has" : "ies have") + " no created_at: stamped with the import's time");
        }
        return notes;
    }
}
