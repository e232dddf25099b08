package dev.engram.mcp;

import java.util.Map;

/**
 * The arguments of one tool call, read with the checks a JSON Schema cannot make and with messages
 * that name the argument. The SDK has already checked them against the tool's schema; these checks
 * hold even if it had not.
 */
final class ToolArguments {
    private final Map<String, Object> values;

    ToolArguments(Map<String, Object> values) {
        this.values = values == null ? Map.of() : values;
    }

    /** A required string; blank counts as missing. */
    String text(String name) {
        String value = optionalText(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("'" + name + "' is required and must not be empty");
        }
        return value;
    }

    /** An optional string, null when absent. */
    String optionalText(String name) {
        Object value = values.get(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s)) {
            throw new IllegalArgumentException("'" + name + "' must be a string, got " + value);
        }
        return s;
    }

    /** The call's {@code user_id}, null when absent. */
    String user() {
        return optionalText("user_id");
    }

    /** A whole number between {@code min} and {@code max}, {@code fallback} when absent. */
    long number(String name, long min, long max, long fallback) {
        Object value = values.get(name);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())
                || n.doubleValue() < min || n.doubleValue() > max) {
            throw new IllegalArgumentException("'" + name + "' must be a whole number from " + min + " to " + max + ", got " + value);
        }
        return n.longValue();
    }
}
