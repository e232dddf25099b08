package dev.engram.llm.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Imitates Anthropic prompt caching closely enough for demos and tests: the prompt prefix up to each
 * {@code cache_control} breakpoint is remembered, and a later request reports the longest remembered
 * prefix as cache reads and the rest up to its last breakpoint as cache writes. Thread safe.
 */
final class PromptCache {
    private final Set<String> seenPrefixes = ConcurrentHashMap.newKeySet();

    /** Token counts for a request, with {@code outputTokens} as given. */
    FakeUsage usage(JsonNode body, long outputTokens) {
        StringBuilder prompt = new StringBuilder(body.path("model").asText()).append('\n');
        List<Integer> breakpoints = new ArrayList<>();
        for (JsonNode block : promptBlocks(body)) {
            JsonNode withoutMarker = block.isObject() ? ((ObjectNode) block.deepCopy()).without("cache_control") : block;
            prompt.append(withoutMarker).append('\n');
            if (block.has("cache_control")) {
                breakpoints.add(prompt.length());
            }
        }
        long total = estimateTokens(prompt);
        if (breakpoints.isEmpty()) {
            return new FakeUsage(total, outputTokens, 0, 0);
        }
        long read = 0;
        for (int i = breakpoints.size() - 1; i >= 0; i--) {
            if (seenPrefixes.contains(prompt.substring(0, breakpoints.get(i)))) {
                read = estimateTokens(prompt.substring(0, breakpoints.get(i)));
                break;
            }
        }
        breakpoints.forEach(end -> seenPrefixes.add(prompt.substring(0, end)));
        long cached = estimateTokens(prompt.substring(0, breakpoints.get(breakpoints.size() - 1)));
        return new FakeUsage(total - cached, outputTokens, read, cached - read);
    }

    /** A rough token count: about four characters a token, at least one. */
    static long estimateTokens(CharSequence text) {
        return Math.max(1, (text.length() + 3) / 4);
    }

    private static List<JsonNode> promptBlocks(JsonNode body) {
        List<JsonNode> blocks = new ArrayList<>();
        body.path("tools").forEach(blocks::add);
        JsonNode system = body.path("system");
        if (system.isArray()) {
            system.forEach(blocks::add);
        } else if (!system.isMissingNode()) {
            blocks.add(system);
        }
        for (JsonNode message : body.path("messages")) {
            JsonNode content = message.path("content");
            if (content.isArray()) {
                content.forEach(blocks::add);
            } else {
                blocks.add(content);
            }
        }
        return blocks;
    }

    /** Token counts as the Messages API reports them; {@code inputTokens} excludes cached tokens. */
    record FakeUsage(long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens) {}
}
