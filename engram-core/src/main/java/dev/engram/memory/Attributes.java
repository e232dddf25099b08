package dev.engram.memory;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;

/**
 * A fact's attributes: one JSON object of the caller's own keys and values (mem0 calls them
 * metadata), kept as given apart from whitespace. Every key and string must be
 * {@linkplain StorableText storable}; numbers keep their digits. Equal objects are equal whatever
 * their key order (PostgreSQL's {@code jsonb} reorders keys).
 *
 * @param json the object as compact JSON text
 */
public record Attributes(String json) {
    /** No attributes: {@code {}}. */
    public static final Attributes NONE = new Attributes("{}");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /**
     * @throws IllegalArgumentException when {@code json} is not one JSON object, repeats a key, or
     *     holds text that cannot be stored
     */
    public Attributes {
        Objects.requireNonNull(json, "json");
        if (!json.equals("{}")) {
            json = check(parse(json)).toString();
        }
    }

    /** The attributes of a JSON object node; null or JSON null give {@link #NONE}. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static Attributes of(JsonNode node) {
        if (node == null || node.isNull()) {
            return NONE;
        }
        return new Attributes(check(node).toString());
    }

    /** A fresh copy of the object. */
    @JsonValue
    public JsonNode node() {
        return parse(json);
    }

    /** True for {@code {}}. */
    public boolean isEmpty() {
        return json.equals("{}");
    }

    /** True when every key of {@code wanted} is here with an equal value (numbers compared by value). */
    public boolean containsAll(Attributes wanted) {
        JsonNode mine = node();
        for (Iterator<Map.Entry<String, JsonNode>> it = wanted.node().fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode value = mine.get(e.getKey());
            if (value == null || !same(value, e.getValue())) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Attributes a && (a.json.equals(json) || a.node().equals(node()));
    }

    @Override
    public int hashCode() {
        return node().hashCode();
    }

    @Override
    public String toString() {
        return json;
    }

    private static boolean same(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("attributes must be one JSON object: " + e.getOriginalMessage());
        }
    }

    private static JsonNode check(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("attributes must be a JSON object, not " + (node == null ? "nothing"
                    : node.getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
        }
        StorableText.requireAll(node, "metadata");
        return node;
    }
}
