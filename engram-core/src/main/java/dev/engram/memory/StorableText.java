package dev.engram.memory;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * The one rule for text that Engram stores, the same on every database: no NUL character
 * (PostgreSQL cannot store it) and no unpaired UTF-16 surrogate (it has no UTF-8 form, so a
 * database would silently store {@code ?} instead). Text from people is refused with a message
 * naming the field; text from a model is {@linkplain #clean cleaned}, since nobody could resend it.
 */
public final class StorableText {
    private StorableText() {}

    /** What is wrong with {@code text}, e.g. "a NUL character (U+0000) at position 4"; empty when it can be stored. */
    public static Optional<String> problem(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\0') {
                return Optional.of("a NUL character (U+0000) at position " + i);
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return Optional.of("an unpaired surrogate (U+" + hex(c) + ") at position " + i);
            }
            if (Character.isLowSurrogate(c)) {
                return Optional.of("an unpaired surrogate (U+" + hex(c) + ") at position " + i);
            }
        }
        return Optional.empty();
    }

    /**
     * Returns {@code text} when it can be stored.
     *
     * @param field what the text is, as the caller knows it, e.g. {@code 'message'}
     * @throws IllegalArgumentException naming {@code field} and the problem, when it cannot
     */
    public static String require(String field, String text) {
        Optional<String> problem = problem(text);
        if (problem.isPresent()) {
            throw new InvalidTextException(field + " contains " + problem.get() + ", which cannot be stored: remove it");
        }
        return text;
    }

    /**
     * Checks every string in a JSON tree, e.g. a request body or an import file, before any of it is
     * stored.
     *
     * @param path where {@code node} sits, e.g. {@code facts[2]}, or null at the root
     * @throws IllegalArgumentException naming the first string's path, e.g. {@code 'facts[2].statement'} (keys
     *     are checked too)
     */
    public static void requireAll(JsonNode node, String path) {
        if (node.isTextual()) {
            require("'" + path + "'", node.textValue());
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String name = StorableText.clean(e.getKey());
                String where = path == null ? name : path + "." + name;
                require("'" + where + "' (a key)", e.getKey());
                requireAll(e.getValue(), where);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                requireAll(node.get(i), (path == null ? "" : path) + "[" + i + "]");
            }
        }
    }

    /** {@code text} with each NUL and unpaired surrogate replaced by U+FFFD, for text no person can resend. */
    public static String clean(String text) {
        if (problem(text).isEmpty()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else if (c == '\0' || Character.isSurrogate(c)) {
                out.append('\uFFFD');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String hex(char c) {
        return Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT);
    }

    /** Text that breaks the rule; a caller's mistake. */
    public static final class InvalidTextException extends IllegalArgumentException {
        InvalidTextException(String message) {
            super(message);
        }
    }
}
