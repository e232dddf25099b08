package dev.engram.extraction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;

/**
 * A linear extraction gate for one embedder: a weight per word feature ({@link
 * ExtractionGateFeatures#NAMES}) and per embedding dimension, a bias, and the threshold the score
 * must reach for a turn to go to extraction. Written by the gate trainer ({@code engram bench gate
 * --train-out}) and read from {@code src/main/resources/gate/<embedder>.json}. Immutable.
 *
 * @param embedder the embedder whose vectors the weights were trained on ("minilm", "e5"); null when
 *     there are no embedding weights (a gate on word features only, for any embedder)
 * @param wordWeights one weight per word feature, in the order of {@link ExtractionGateFeatures#NAMES}
 * @param embeddingWeights one weight per embedding dimension; empty for a gate on word features only
 * @param about where the weights come from (data, command, held-out figures), for people only
 */
public record ExtractionGateWeights(String embedder, double[] wordWeights, double[] embeddingWeights, double bias,
                                    double threshold, String about) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public ExtractionGateWeights {
        if ((embedder == null) != (embeddingWeights.length == 0)) {
            throw new IllegalArgumentException("gate weights name an embedder exactly when they have embedding weights");
        }
        if (wordWeights.length != ExtractionGateFeatures.NAMES.size()) {
            throw new IllegalArgumentException("gate weights need " + ExtractionGateFeatures.NAMES.size()
                    + " word weights, got " + wordWeights.length);
        }
        wordWeights = wordWeights.clone();
        embeddingWeights = embeddingWeights.clone();
        about = about == null ? "" : about;
    }

    /** A copy of the word-feature weights. */
    @Override
    public double[] wordWeights() {
        return wordWeights.clone();
    }

    /** A copy of the embedding weights. */
    @Override
    public double[] embeddingWeights() {
        return embeddingWeights.clone();
    }

    /**
     * The score of a message with its embedding; the gate keeps it when the score reaches {@link
     * #threshold}. The embedding is ignored (and may be null) when there are no embedding weights.
     *
     * @throws IllegalArgumentException if embedding weights exist and the embedding is null or of another size
     */
    public double score(double[] words, float[] embedding) {
        if (embeddingWeights.length == 0) {
            embedding = new float[0];
        } else if (embedding == null || embedding.length != embeddingWeights.length) {
            throw new IllegalArgumentException("the " + embedder + " gate expects " + embeddingWeights.length
                    + "-dimension embeddings, got " + (embedding == null ? "none" : embedding.length + " dimensions"));
        }
        double s = bias;
        for (int i = 0; i < words.length; i++) {
            s += wordWeights[i] * words[i];
        }
        for (int i = 0; i < embedding.length; i++) {
            s += embeddingWeights[i] * embedding[i];
        }
        return s;
    }

    /** True when the weights use a message's embedding, false when they use word features only. */
    public boolean usesEmbedding() {
        return embeddingWeights.length > 0;
    }

    /** The weights as JSON, as {@link #read} reads them. */
    public String toJson() {
        ObjectNode n = JSON.createObjectNode();
        if (embedder != null) {
            n.put("embedder", embedder);
        }
        n.put("about", about);
        n.put("bias", bias);
        n.put("threshold", threshold);
        ObjectNode words = n.putObject("word_weights");
        for (int i = 0; i < wordWeights.length; i++) {
            words.put(ExtractionGateFeatures.NAMES.get(i), round(wordWeights[i]));
        }
        ArrayNode emb = n.putArray("embedding_weights");
        Arrays.stream(embeddingWeights).forEach(w -> emb.add(round(w)));
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads weights written by {@link #toJson}.
     *
     * @throws IllegalArgumentException if the JSON lacks a field or names other word features
     */
    public static ExtractionGateWeights read(InputStream in) {
        JsonNode n;
        try {
            n = JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read gate weights: " + e.getMessage(), e);
        }
        JsonNode words = n.path("word_weights");
        List<String> names = ExtractionGateFeatures.NAMES;
        double[] wordWeights = new double[names.size()];
        for (int i = 0; i < names.size(); i++) {
            if (!words.path(names.get(i)).isNumber()) {
                throw new IllegalArgumentException("gate weights lack word feature '" + names.get(i) + "'");
            }
            wordWeights[i] = words.get(names.get(i)).asDouble();
        }
        JsonNode emb = n.path("embedding_weights");
        double[] embeddingWeights = new double[emb.size()];
        for (int i = 0; i < emb.size(); i++) {
            embeddingWeights[i] = emb.get(i).asDouble();
        }
        if (!n.path("bias").isNumber() || !n.path("threshold").isNumber()) {
            throw new IllegalArgumentException("gate weights need 'bias' and 'threshold'");
        }
        return new ExtractionGateWeights(n.path("embedder").isTextual() ? n.get("embedder").asText() : null, wordWeights, embeddingWeights,
                n.get("bias").asDouble(), n.get("threshold").asDouble(), n.path("about").asText(""));
    }

    private static double round(double w) {
        return Math.round(w * 1e6) / 1e6;
    }
}
