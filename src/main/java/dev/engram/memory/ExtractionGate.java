package dev.engram.memory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Objects;

/**
 * A cheap local check, with no model call, of whether a user's message may hold durable
 * information about the user (something they did, own, like, plan or struggle with, people and
 * projects in their life), so that plainly empty turns ("Wow, thanks!", "What did you think?")
 * skip the extraction call.
 *
 * <p>Two forms. The trained gate ({@link #forEmbedder}) is a logistic model over the message's
 * stored embedding (computed at write time, so free here) and a few word features, trained on the
 * turns that LOCOMO's {@code observation} annotations cite, with weights per embedder in
 * {@code gate/<embedder>.json} ({@code engram bench gate --data FILE --train-out FILE} rebuilds
 * them). The word-feature gate ({@link #wordFeatures}) scores hand-weighted signs only: first-person
 * words, length, a first-person verb, a time word, a number, a shared photo, against a short
 * question or reaction aimed at the other party. It errs towards extracting and skips about a fifth
 * of turns where the trained gate skips about half. There is no silent fallback: {@link
 * #forEmbedder} logs a warning when it has no weights for the embedder and uses word features, and
 * a trained gate given no embedding throws. Immutable and thread safe.
 */
public final class ExtractionGate {
    private static final Logger LOG = System.getLogger(ExtractionGate.class.getName());

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
     * The trained gate for an embedder ("minilm", "e5"), from the resource {@code gate/<name>.json};
     * when there is none (or {@code embedder} is "none") it logs a warning and returns {@link
     * #wordFeatures}, which skips far fewer turns.
     *
     * @throws IllegalStateException if the resource exists but cannot be read
     */
    public static ExtractionGate forEmbedder(String embedder) {
        String resource = "/gate/" + embedder + ".json";
        try (InputStream in = ExtractionGate.class.getResourceAsStream(resource)) {
            if (in == null) {
                LOG.log(Level.WARNING, "no extraction-gate weights for embedder ''{0}'' ({1}); the gate falls back to "
                        + "word features and sends about 4 in 5 turns to extraction instead of about half", embedder, resource);
                return wordFeatures();
            }
            return trained(ExtractionGateWeights.read(in));
        } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot read extraction-gate weights " + resource + ": " + e.getMessage(), e);
        }
    }

    /** True when this gate uses trained weights, false for word features only. */
    public boolean isTrained() {
        return weights != null;
    }

    /** "trained (minilm)" or "word features", for logs and benchmark tables. */
    public String describe() {
        return weights == null ? "word features" : "trained (" + weights.embedder() + ")";
    }

    /**
     * True when the message may hold durable information about the user and should go to
     * extraction; false when it plainly cannot.
     *
     * @param userText the user's message; a shared photo's caption may follow as "[photo: ...]"
     * @param embedding the message's stored embedding from the embedder the weights were trained
     *     for; ignored (and may be null) for the word-feature gate
     * @throws IllegalArgumentException if a trained gate gets a null embedding or one of another size
     */
    public boolean mayHoldFacts(String userText, float[] embedding) {
        return score(userText, embedding) >= threshold();
    }

    /** The evidence score; at {@link #threshold()} and above means "may hold facts". */
    double score(String userText, float[] embedding) {
        double[] words = ExtractionGateFeatures.of(userText);
        if (weights == null) {
            return words[0];
        }
        if (embedding == null) {
            throw new IllegalArgumentException("the trained extraction gate needs the message's embedding");
        }
        return weights.score(words, embedding);
    }

    private double threshold() {
        return weights == null ? 0 : weights.threshold();
    }
}
