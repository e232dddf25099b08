package dev.engram.extraction;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The word features of a message that the extraction gate looks at: first- and second-person
 * words, length, a first-person verb ("I adopted", "we went"), a time word, a number, a shared
 * photo, a question, a reaction aimed at the other party, and the hand-weighted score that
 * combines them. Stateless and thread safe.
 */
public final class ExtractionGateFeatures {
    /** The names of the values {@link #of} returns, in order; the weights file lists them. */
    public static final List<String> NAMES = List.of("hand_score", "first_person", "second_person", "log_words",
            "photo", "time_word", "first_person_verb", "digit", "ends_with_question", "questions", "reaction",
            "exclamations", "capitalised_words");

    private static final Pattern WORD = Pattern.compile("[A-Za-z']+");
    private static final Pattern FIRST_PERSON = Pattern.compile(
            "\\b(i|i'm|im|i've|i'd|i'll|my|me|mine|myself|we|we're|we've|our|ours|us)\\b");
    private static final Pattern SECOND_PERSON = Pattern.compile("\\b(you|your|you're|yours|u)\\b");
    private static final Pattern FIRST_PERSON_VERB = Pattern.compile(
            "\\b(i|we|i've|we've|i'm|we're)\\s+(just |recently |finally |also |really |been |already |even |actually "
                    + "|never |always )?(went|got|started|joined|made|had|took|bought|visited|finished|tried|saw|did"
                    + "|was|were|am|have|love|like|enjoy|want|plan|hope|decided|signed|moved|work|worked|working|used"
                    + "|learned|found|met|adopted|painted|wrote|ran|read|received|won|lost|created|built|going"
                    + "|thinking|planning|getting|trying|doing|taking|volunteer|volunteered|spent|played|play|live"
                    + "|lived|need|feel|felt|think|believe|struggle|struggled|studying|study)\\b");
    private static final Pattern TIME_WORD = Pattern.compile(
            "\\b(yesterday|last|ago|next|recently|weekend|tomorrow|today|tonight|this (week|month|year)"
                    + "|(mon|tues|wednes|thurs|fri|satur|sun)day|january|february|march|april|may|june|july|august"
                    + "|september|october|november|december)\\b");
    private static final Pattern REACTION = Pattern.compile(
            "^\\W*(wow|thanks|thank you|that's|that is|sounds|glad|congrats|congratulations|aw+|omg|nice|great|cool"
                    + "|awesome|yeah|yes|no worries|haha|lol|take care|bye|see you|you're|you are)\\b");
    private static final Pattern DIGIT = Pattern.compile("\\d");
    private static final Pattern PHOTO = Pattern.compile("\\[photo: ");
    // A capitalised word after a lower-case one: names of people, places and things, not sentence starts.
    private static final Pattern CAPITALISED = Pattern.compile("(?<=[a-z,] )[A-Z][a-z]+");

    private ExtractionGateFeatures() {}

    /**
     * The features of a message, in the order of {@link #NAMES}.
     *
     * @param text the message; a shared photo's caption may follow as "[photo: ...]"
     */
    public static double[] of(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        int words = count(WORD.matcher(lower));
        int first = count(FIRST_PERSON.matcher(lower));
        int second = count(SECOND_PERSON.matcher(lower));
        boolean photo = PHOTO.matcher(lower).find();
        boolean time = TIME_WORD.matcher(lower).find();
        boolean verb = FIRST_PERSON_VERB.matcher(lower).find();
        boolean digit = DIGIT.matcher(lower).find();
        boolean question = lower.strip().endsWith("?");
        boolean reaction = REACTION.matcher(lower).find();
        double hand = Math.min(first, 4) + 0.04 * Math.min(words, 60) + (photo ? 1.5 : 0) + (time ? 1.5 : 0)
                + (verb ? 1.5 : 0) + (digit ? 0.5 : 0) - (question && first < 2 ? 1.0 : 0)
                - (second > first ? 0.5 : 0) - (reaction && first < 2 ? 0.5 : 0);
        return new double[] {hand, Math.min(first, 6), Math.min(second, 6), Math.log1p(words), flag(photo),
                flag(time), flag(verb), flag(digit), flag(question), Math.min(count(text, '?'), 3), flag(reaction),
                Math.min(count(text, '!'), 3), Math.min(count(CAPITALISED.matcher(text)), 4)};
    }

    /** The hand-weighted score; 0 and above means "may hold facts". */
    static double handScore(String text) {
        return of(text)[0];
    }

    private static double flag(boolean b) {
        return b ? 1 : 0;
    }

    private static int count(String text, char c) {
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == c) {
                n++;
            }
        }
        return n;
    }

    private static int count(Matcher m) {
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
