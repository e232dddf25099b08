package dev.engram.retrieval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A deterministic test embedder: each lower-case word adds to one of 64 buckets, so texts that
 * share words have a high cosine. Thread safe.
 */
final class WordHashEmbedder implements Embedder {
    private int calls;

    @Override
    public int dimensions() {
        return 64;
    }

    @Override
    public synchronized float[] embed(String text) {
        calls++;
        float[] v = new float[64];
        for (String w : text.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
            if (!w.isEmpty()) {
                v[Math.floorMod(w.hashCode(), 64)] += 1;
            }
        }
        return Vectors.normalized(v);
    }

    @Override
    public float[] embedQuery(String text) {
        return embed(text);
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        List<float[]> out = new ArrayList<>();
        texts.forEach(t -> out.add(embed(t)));
        return out;
    }

    synchronized int calls() {
        return calls;
    }

    @Override
    public FusionSettings fusion() {
        return FusionSettings.E5;
    }

    @Override
    public double neighbourCosine() {
        return 0.55;
    }
}
