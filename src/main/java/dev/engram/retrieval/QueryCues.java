package dev.engram.retrieval;

import java.util.List;
import java.util.regex.Pattern;

/**
 * What hybrid ranking takes from the shape of a question and of the conversation: question words
 * carry no topic, and the turns next to a matching turn often hold the rest of the answer.
 * Stateless.
 */
final class QueryCues {
    private static final Pattern QUESTION_WORDS = Pattern.compile(
            "\\b(what|when|where|who|whom|which|why|how|did|does|do|has|have|had|would|could|should|can|is|are|was|were"
                    + "|likely|kind|type|some|any)\\b", Pattern.CASE_INSENSITIVE);

    private QueryCues() {}

    /**
     * The query without interrogatives and auxiliaries ("When did ... ?"), which match almost
     * every turn and so only add noise to the BM25 maximum that fusion normalises by.
     */
    static String keywordQuery(String query) {
        return QUESTION_WORDS.matcher(query).replaceAll(" ");
    }

    /**
     * Adds to each turn {@code weight} times the better fused score of its neighbours in the same
     * session. Returns a new array indexed like {@code items}.
     */
    static float[] withNeighbours(List<MemoryItem> items, float[] fused, float weight) {
        float[] out = fused.clone();
        if (weight == 0) {
            return out;
        }
        for (int i = 0; i < out.length; i++) {
            float best = 0;
            if (i > 0 && sameSession(items.get(i - 1), items.get(i))) {
                best = fused[i - 1];
            }
            if (i + 1 < out.length && sameSession(items.get(i + 1), items.get(i))) {
                best = Math.max(best, fused[i + 1]);
            }
            out[i] += weight * best;
        }
        return out;
    }

    private static boolean sameSession(MemoryItem a, MemoryItem b) {
        return a.kind() == ItemKind.TURN && b.kind() == ItemKind.TURN && a.session() != null
                && a.session().equals(b.session());
    }
}
