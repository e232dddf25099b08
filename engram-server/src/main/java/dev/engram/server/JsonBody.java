package dev.engram.server;

import dev.engram.memory.StorableText;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A request body read strictly: valid UTF-8, one JSON object, each field once, only known fields,
 * each of the expected type, and every string storable ({@link StorableText}: no NUL, no unpaired
 * surrogate escape). Every problem is an {@link ApiException} 400 that says what to fix.
 */
public final class JsonBody {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final Pattern DUPLICATE = Pattern.compile("Duplicate (?:field|Object property) ['\"](.*?)['\"]");

    private final JsonNode root;

    private JsonBody(JsonNode root) {
        this.root = root;
    }

    /** Parses {@code bytes}; {@code allowed} are the field names the route knows. */
    public static JsonBody parse(byte[] bytes, Set<String> allowed) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw ApiException.badRequest("invalid_utf8", "the request body is not valid UTF-8");
        }
        if (text.isBlank()) {
            throw ApiException.badRequest("malformed_json", "the request body is empty: send a JSON object");
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            Matcher duplicate = DUPLICATE.matcher(String.valueOf(e.getOriginalMessage()));
            if (duplicate.find()) {
                throw ApiException.badRequest("duplicate_field", "the field '" + printable(duplicate.group(1))
                        + "' appears more than once: send each field once");
            }
            throw ApiException.badRequest("malformed_json", "the request body is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw ApiException.badRequest("malformed_json", "the request body must be a JSON object");
        }
        root.fieldNames().forEachRemaining(name -> {
            if (!allowed.contains(name)) {
                throw ApiException.badRequest("unknown_field", "unknown field '" + printable(name) + "'; expected " + allowed);
            }
        });
        try {
            StorableText.requireAll(root, null);
        } catch (StorableText.InvalidTextException e) {
            throw ApiException.badRequest("invalid_text", "the field " + e.getMessage());
        }
        return new JsonBody(root);
    }

    /** A required string field; 400 when it is missing, null or not a string. */
    public String text(String field) {
        String value = optionalText(field);
        if (value == null) {
            throw ApiException.badRequest("missing_field", "the field '" + field + "' is required and must be a string");
        }
        return value;
    }

    /** A string field that may be missing or null. */
    public String optionalText(String field) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw ApiException.badRequest("invalid_field", "the field '" + field + "' must be a string");
        }
        return v.asText();
    }

    /** True when the field is there and not JSON null. */
    public boolean has(String field) {
        JsonNode v = root.get(field);
        return v != null && !v.isNull();
    }

    /** A field of any JSON type as sent, or null when it is missing or JSON null (a copy: the body stays as read). */
    public JsonNode optionalNode(String field) {
        return has(field) ? root.get(field).deepCopy() : null;
    }

    /** An object field (e.g. metadata or filters) that may be missing or null. */
    public JsonNode optionalObject(String field) {
        JsonNode v = optionalNode(field);
        if (v != null && !v.isObject()) {
            throw ApiException.badRequest("invalid_field", "the field '" + field + "' must be an object");
        }
        return v;
    }

    /** A true/false field that may be missing or null. */
    public Boolean optionalBoolean(String field) {
        JsonNode v = optionalNode(field);
        if (v != null && !v.isBoolean()) {
            throw ApiException.badRequest("invalid_field", "the field '" + field + "' must be true or false");
        }
        return v == null ? null : v.booleanValue();
    }

    /** A whole-number field from {@code min} to {@code max} that may be missing or null. */
    public Integer optionalInt(String field, int min, int max) {
        JsonNode v = optionalNode(field);
        if (v == null) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < min || v.intValue() > max) {
            throw ApiException.badRequest("invalid_field", "the field '" + field + "' must be a whole number from " + min
                    + " to " + max);
        }
        return v.intValue();
    }

    /** A number field from {@code min} to {@code max} that may be missing or null. */
    public Double optionalNumber(String field, double min, double max) {
        JsonNode v = optionalNode(field);
        if (v == null) {
            return null;
        }
        if (!v.isNumber() || v.doubleValue() < min || v.doubleValue() > max) {
            throw ApiException.badRequest("invalid_field", "the field '" + field + "' must be a number from " + min
                    + " to " + max);
        }
        return v.doubleValue();
    }

    private static String printable(String s) {
        String cut = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
