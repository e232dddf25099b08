package dev.engram.tenant;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Makes and hashes API keys: {@code egk_} followed by 32 random bytes in URL-safe base64. Only the
 * SHA-256 of a key is stored; a random 256-bit key needs no salt or slow hash. Thread safe.
 */
public final class ApiKeys {
    /** Every key starts with this, so that a leaked key is easy to recognise. */
    public static final String PREFIX = "egk_";
    /** How many characters of a key are stored in the clear to tell keys apart. */
    public static final int SHOWN_CHARS = 12;
    private static final int SECRET_BYTES = 32;
    private static final int MAX_KEY_CHARS = 128;

    private final SecureRandom random = new SecureRandom();

    /** A new random key. */
    public String newKey() {
        byte[] bytes = new byte[SECRET_BYTES];
        random.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The hex SHA-256 of a key, as stored. */
    public static String hash(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    /** The part of a key kept in the clear. */
    public static String shown(String key) {
        return key.substring(0, Math.min(SHOWN_CHARS, key.length()));
    }

    /** Whether {@code candidate} could be a key at all (checked before hashing anything a client sends). */
    public static boolean plausible(String candidate) {
        return candidate != null && candidate.startsWith(PREFIX) && candidate.length() <= MAX_KEY_CHARS;
    }
}
