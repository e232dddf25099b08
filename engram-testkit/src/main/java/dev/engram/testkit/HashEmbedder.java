package dev.engram.testkit;

import dev.engram.embedding.Embedder;
import dev.engram.embedding.FusionSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A deterministic test embedder: each lower-case word adds to one of 64 buckets and the vector is
 * normalised, so texts that share words have a high cosine. It counts its calls. Thread safe.
 */
public final class HashEmbedder implements Embedder {
    private static final int DIMENSIONS = 64;
    private final AtomicInteger calls = new AtomicInteger();

    @Override
    public int dimensions() {
        return DIMENSIONS;
    }

    @Override
    public float[] embedQuery(String text) {
        return embed(text);
    }

    @Override
    public float[] embed(String text) {
        calls.incrementAndGet();
        float[] v = new float[DIMENSIONS];
        for (String w : text.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
            if (!w.isEmpty()) {
                v[Math.floorMod(w.hashCode(), DIMENSIONS)] += 1;
            }
        }
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        if (norm > 0) {
            for (int i = 0; i < v.length; i++) {
                v[i] /= (float) Math.sqrt(norm);
            }
        }
        return v;
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        List<float[]> out = new ArrayList<>();
        texts.forEach(t -> out.add(embed(t)));
        return out;
    }

    /** How many texts were embedded so far, queries included. */
    public int calls() {
        return calls.get();
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
