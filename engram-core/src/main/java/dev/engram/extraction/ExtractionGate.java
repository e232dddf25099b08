package dev.engram.extraction;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A cheap local check, with no model call, of whether a user's message may hold durable
 * information about the user (something they did, own, like, plan or struggle with, people and
 * projects in their life), so that plainly empty turns ("Wow, thanks!", "What did you think?")
 * skip the extraction call.
 *
 * <p>Two forms. The trained gate ({@link #forEmbedder}) is a logistic model fitted on the turns
 * that LOCOMO's {@code observation} annotations cite, read from the resource {@code
 * gate/weights.json} ({@code engram bench gate --data FILE --train-out FILE} rebuilds it). The
 * shipped weights use word features only, so they fit any embedder; weights trained with {@code
 * --with-embedding} also use the message's stored embedding and hold only for the embedder they
 * were trained on. The word-feature gate ({@link #wordFeatures}) adds hand-chosen weights over the
 * same signs: first-person words, length, a first-person verb, a time word, a number, a shared
 * photo, against a short question or reaction aimed at the other party. Both err towards
 * extracting: on the LOCOMO development file, leaving each conversation out in turn, the trained
 * gate skips 24% of turns and keeps 95% of cited turns, the hand-weighted one 21% and 95%.
 *
 * <p>There is no silent fallback: when the weights need another embedder's vectors, {@link
 * #forEmbedder} logs a warning and returns the word-feature gate; a gate whose weights use
 * embeddings throws when given none. Immutable and thread safe.
 */
public final class ExtractionGate {
    private static final Logger LOG = System.getLogger(ExtractionGate.class.getName());
    private static final String RESOURCE = "/gate/weights.json";

    /**
     * Plain statements about oneself: "my name is", "I'm Alice", "I have two kids", "I prefer
     * bullet points", "I'm allergic to peanuts", "my sister...", "remember that...". They are the
     * facts users most expect to be kept and are often too short for the scored features, so they
     * always pass; the extraction's own rules still skip what is volatile.
     */
    private static final Pattern SELF_STATEMENT = Pattern.compile(
            "(?i:\\b(my name is|call me|i'?m called|remember (that|my|i)|don'?t forget)\\b)"
                    + "|(?i:\\b(i|i'?ve|we|we'?ve)\\s+(have|has|had|prefer|like|love|hate|enjoy|dislike|work|worked|live|lived|"
                    + "moved|started|quit|want|need|plan|study|studied|teach|own|use|speak|got)\\b)"
                    + "|(?i:\\b(i'?m|i am)\\s+(a|an|from|allergic|vegan|vegetarian|married|single|divorced|pregnant|retired|based|"
                    + "learning|working|training|studying|planning|moving)\\b)"
                    + "|\\b(?i:i'?m|i am)\\s+[A-Z][a-z]+\\b"
                    + "|(?i:\\bmy\\s+(wife|husband|partner|boyfriend|girlfriend|son|daughter|kids?|children|sister|brother|mom|mum|"
                    + "mother|dad|father|parents|family|friend|boss|job|work|name|birthday|dog|cat|team|company|home|doctor)\\b)");

    private final ExtractionGateWeights weights;

    private ExtractionGate(ExtractionGateWeights weights) {
        this.weights = weights;
    }

    /** The gate on hand-weighted word features only; it ignores embeddings. */
    public static ExtractionGate wordFeatures() {
        return new ExtractionGate(null);
    }

    /** The trained gate with the given weights. */
    public static ExtractionGate trained(ExtractionGateWeights weights) {
        return new ExtractionGate(Objects.requireNonNull(weights, "weights"));
    }

    /**
     * The trained gate from the resource {@code gate/weights.json}, for messages embedded by {@code
     * embedder} ("minilm", "e5", "none"). When the weights use another embedder's vectors it logs a
     * warning and returns {@link #wordFeatures}.
     *
     * @throws IllegalStateException if the resource is missing or cannot be read (a build fault)
     */
    public static ExtractionGate forEmbedder(String embedder) {
        ExtractionGateWeights weights;
        try (InputStream in = ExtractionGate.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("extraction-gate weights " + RESOURCE + " are missing from the build");
            }
            weights = ExtractionGateWeights.read(in);
        } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot read extraction-gate weights " + RESOURCE + ": " + e.getMessage(), e);
        }
        if (weights.usesEmbedding() && !weights.embedder().equals(embedder)) {
            LOG.log(Level.WARNING, "the extraction-gate weights in {0} were trained on ''{1}'' embeddings, not ''{2}''; "
                    + "the gate falls back to hand-weighted word features", RESOURCE, weights.embedder(), embedder);
            return wordFeatures();
        }
        return trained(weights);
    }

    /** True when {@link #mayHoldFacts} needs the message's embedding. */
    public boolean usesEmbedding() {
        return weights != null && weights.usesEmbedding();
    }

    /** What the gate looks at, for logs and benchmark output. */
    public String describe() {
        String always = "; plain self-statements always pass";
        if (weights == null) {
            return "hand-weighted word features" + always;
        }
        return (weights.usesEmbedding() ? "trained on word features and " + weights.embedder() + " embeddings"
                : "trained on word features") + always;
    }

    /**
     * True when the message may hold durable information about the user and should go to
     * extraction; false when it plainly cannot.
     *
     * @param userText the user's message; a shared photo's caption may follow as "[photo: ...]"
     * @param embedding the message's stored embedding; ignored (and may be null) unless {@link
     *     #usesEmbedding}
     * @throws IllegalArgumentException if the gate uses embeddings and gets none, or one of another size
     */
    public boolean mayHoldFacts(String userText, float[] embedding) {
        if (SELF_STATEMENT.matcher(userText).find()) {
            return true;
        }
        return score(userText, embedding) >= threshold();
    }

    /** The evidence score; at {@link #threshold()} and above means "may hold facts". */
    double score(String userText, float[] embedding) {
        double[] words = ExtractionGateFeatures.of(userText);
        if (weights == null) {
            return words[0];
        }
        return weights.score(words, embedding);
    }

    private double threshold() {
        return weights == null ? 0 : weights.threshold();
    }
}
