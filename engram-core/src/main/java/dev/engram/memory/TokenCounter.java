package dev.engram.memory;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Estimates token counts locally (cl100k byte-pair encoding), close enough to Claude's tokenizer
 * to keep prompts inside their budgets without a network call. Counts of recent texts are kept,
 * since the same facts, summaries and history messages are counted again on every turn. Thread safe.
 */
public final class TokenCounter {
    private static final int MAX_CACHED = 20_000;
    private static final int MAX_CACHED_LENGTH = 4_000;

    private final Encoding encoding = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);
    private final ConcurrentHashMap<String, Integer> recent = new ConcurrentHashMap<>();

    /** Tokens in {@code text}; 0 for null or empty. */
    public int count(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        if (text.length() > MAX_CACHED_LENGTH) {
            return encoding.countTokensOrdinary(text);
        }
        Integer known = recent.get(text);
        if (known != null) {
            return known;
        }
        int n = encoding.countTokensOrdinary(text);
        if (recent.size() >= MAX_CACHED) {
            recent.clear();
        }
        recent.put(text, n);
        return n;
    }
}
