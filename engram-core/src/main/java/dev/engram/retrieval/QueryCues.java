package dev.engram.retrieval;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
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

    /**
     * A transcript turn's speaker label: one or two capitalised words and a colon at the start
     * ("Caroline: ...", "Dr Patel: ..."), as in imported conversations.
     */
    private static final Pattern SPEAKER_LABEL = Pattern.compile("^(\\p{Lu}[\\p{L}'.-]{0,30}(?: \\p{Lu}[\\p{L}'.-]{0,30})?): ");

    private QueryCues() {}

    /** The speaker label a turn's text starts with, or null. */
    static String speakerLabel(ItemKind kind, String text) {
        if (kind != ItemKind.TURN) {
            return null;
        }
        Matcher m = SPEAKER_LABEL.matcher(text);
        return m.find() ? m.group(1) : null;
    }

    /**
     * Which of the known speakers the query names, as whole words with their capitals ("What did
     * Caroline research?", "Caroline's"). Empty when it names none, or names every one of them, or
     * there are fewer than two: then the names tell nothing apart.
     */
    static Set<String> namedSpeakers(String query, Set<String> speakers) {
        if (speakers.size() < 2) {
            return Set.of();
        }
        Set<String> named = new HashSet<>();
        for (String speaker : speakers) {
            if (namesWord(query, speaker)) {
                named.add(speaker);
            }
        }
        return named.size() == speakers.size() ? Set.of() : named;
    }

    /** True when {@code text} holds {@code word} with no letter or digit right before or after it. */
    private static boolean namesWord(String text, String word) {
        for (int at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
            int end = at + word.length();
            if ((at == 0 || !Character.isLetterOrDigit(text.charAt(at - 1)))
                    && (end == text.length() || !Character.isLetterOrDigit(text.charAt(end)))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Adds {@code speakerWeight} to each turn spoken by a named speaker and subtracts {@code
     * lengthPenalty} times each item's {@link #logLength}. Changes {@code scores} in place.
     *
     * @param speakers each item's speaker label or null, indexed like {@code scores}
     * @param logLengths each item's {@link #logLength}, indexed like {@code scores}
     */
    static void adjust(float[] scores, String[] speakers, float[] logLengths, Set<String> named, float speakerWeight,
                       float lengthPenalty) {
        for (int i = 0; i < scores.length; i++) {
            if (speakers[i] != null && named.contains(speakers[i])) {
                scores[i] += speakerWeight;
            }
            scores[i] -= lengthPenalty * logLengths[i];
        }
    }

    /** ln(1 + the number of words), what the length penalty is charged on. */
    static float logLength(String text) {
        return (float) Math.log(1 + words(text));
    }

    /** How many whitespace-separated words a text has. */
    static int words(String text) {
        int n = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            boolean space = Character.isWhitespace(text.charAt(i));
            if (!space && !inWord) {
                n++;
            }
            inWord = !space;
        }
        return n;
    }

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
