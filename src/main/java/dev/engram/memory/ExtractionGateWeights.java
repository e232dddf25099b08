package dev.engram.memory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A linear extraction gate for one embedder: a weight per word feature ({@link
 * ExtractionGateFeatures#NAMES}) and per embedding dimension, a bias, and the threshold the score
 * must reach for a turn to go to extraction. Written by the gate trainer ({@code engram bench gate
 * --train-out}) and read from {@code src/main/resources/gate/<embedder>.json}. Immutable.
 *
 * @param embedder the embedder whose vectors the weights were trained on ("minilm", "e5")
 * @param wordWeights one weight per word feature, in the order of {@link ExtractionGateFeatures#NAMES}
 * @param embeddingWeights one weight per embedding dimension
 * @param about where the weights come from (data, command, held-out figures), for people only
 */
public record ExtractionGateWeights(String embedder, double[] wordWeights, double[] embeddingWeights, double bias,
                                    double threshold, String about) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public ExtractionGateWeights {
        Objects.requireNonNull(embedder, "embedder");
        if (wordWeights.length != ExtractionGateFeatures.NAMES.size()) {
            throw new IllegalArgumentException("gate weights need " + ExtractionGateFeatures.NAMES.size()
                    + " word weights, got " + wordWeights.length);
        }
        if (embeddingWeights.length == 0) {
            throw new IllegalArgumentException("gate weights need at least one embedding weight");
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

    /** The score of a message with its embedding; the gate keeps it when the score reaches {@link #threshold}. */
    public double score(double[] words, float[] embedding) {
        if (embedding.length != embeddingWeights.length) {
            throw new IllegalArgumentException("the " + embedder + " gate expects " + embeddingWeights.length
                    + "-dimension embeddings, got " + embedding.length);
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

    /** The number of embedding dimensions the weights expect. */
    public int dimensions() {
        return embeddingWeights.length;
    }

    /** The weights as JSON, as {@link #read} reads them. */
    public String toJson() {
        ObjectNode n = JSON.createObjectNode();
        n.put("embedder", embedder);
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
        if (!n.path("bias").isNumber() || !n.path("threshold").isNumber() || !n.path("embedder").isTextual()) {
            throw new IllegalArgumentException("gate weights need 'embedder', 'bias' and 'threshold'");
        }
        return new ExtractionGateWeights(n.get("embedder").asText(), wordWeights, embeddingWeights,
                n.get("bias").asDouble(), n.get("threshold").asDouble(), n.path("about").asText(""));
    }

    private static double round(double w) {
        return Math.round(w * 1e6) / 1e6;
    }
}
