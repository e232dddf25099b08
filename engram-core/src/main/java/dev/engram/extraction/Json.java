package dev.engram.extraction;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.llm.MalformedOutputException;

/** Strict readers for model-produced JSON: a missing or mistyped field is a {@link MalformedOutputException}. */
final class Json {
    private Json() {}

    static JsonNode array(JsonNode node, String field, String tool) {
        JsonNode v = node.get(field);
        if (v == null || !v.isArray()) {
            throw new MalformedOutputException(tool + ": field '" + field + "' must be an array, got " + describe(v));
        }
        return v;
    }

    static String text(JsonNode node, String field, String tool) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new MalformedOutputException(tool + ": field '" + field + "' must be a string, got " + describe(v));
        }
        return v.asText();
    }

    static String optionalText(JsonNode node, String field, String tool) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new MalformedOutputException(tool + ": field '" + field + "' must be a string, got " + describe(v));
        }
        String s = v.asText().strip();
        return s.isEmpty() ? null : s;
    }

    static boolean bool(JsonNode node, String field, String tool) {
        JsonNode v = node.get(field);
        if (v == null || !v.isBoolean()) {
            throw new MalformedOutputException(tool + ": field '" + field + "' must be true or false, got " + describe(v));
        }
        return v.asBoolean();
    }

    static int integer(JsonNode node, String field, String tool) {
        JsonNode v = node.get(field);
        if (v == null || !v.canConvertToInt() || !v.isIntegralNumber()) {
            throw new MalformedOutputException(tool + ": field '" + field + "' must be an integer, got " + describe(v));
        }
        return v.asInt();
    }

    static JsonNode object(JsonNode node, String tool) {
        if (node == null || !node.isObject()) {
            throw new MalformedOutputException(tool + ": expected a JSON object, got " + describe(node));
        }
        return node;
    }

    private static String describe(JsonNode v) {
        if (v == null) {
            return "nothing";
        }
        String s = v.toString();
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
