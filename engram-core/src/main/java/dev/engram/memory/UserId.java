package dev.engram.memory;

import java.util.regex.Pattern;

/**
 * Identifies one user whose memory Engram holds.
 *
 * <p>1 to 128 characters of ASCII letters, digits, {@code .}, {@code _}, {@code -} and {@code @};
 * never only dots and never containing {@code ..}. The value is a database key, never a path.
 */
public record UserId(String value) {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._@-]{1,128}");

    public UserId {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("user id must not be empty: use 1-128 letters, digits, '.', '_', '-' or '@'");
        }
        if (value.length() > 128) {
            throw new IllegalArgumentException("user id is " + value.length() + " characters long: the limit is 128");
        }
        if (!VALID.matcher(value).matches()) {
            throw new IllegalArgumentException("user id '" + printable(value)
                    + "' has a character that is not allowed: use only letters, digits, '.', '_', '-' or '@'");
        }
        if (value.contains("..") || value.equals(".")) {
            throw new IllegalArgumentException("user id '" + value + "' must not be '.' or contain '..'");
        }
    }

    /** Parses a user id, throwing {@link IllegalArgumentException} with a message fit for the user. */
    public static UserId of(String value) {
        return new UserId(value);
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(64).forEach(cp -> {
            if (cp < 0x20 || cp == 0x7f) {
                b.append(String.format("\\u%04x", cp));
            } else {
                b.appendCodePoint(cp);
            }
        });
        return s.length() > 64 ? b + "..." : b.toString();
    }

    @Override
    public String toString() {
        return value;
    }
}
