package dev.engram.embedding;

/** Small arithmetic on dense vectors. Stateless. */
public final class Vectors {
    private Vectors() {}

    /** A unit-length copy of {@code v}; a zero vector stays zero. */
    public static float[] normalized(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        float[] out = v.clone();
        if (norm == 0) {
            return out;
        }
        float inv = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < out.length; i++) {
            out[i] *= inv;
        }
        return out;
    }

    /** The dot product; the cosine similarity of unit vectors. */
    public static float dot(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("vectors differ in length: " + a.length + " and " + b.length);
        }
        float s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** The unit-length sum of two vectors. */
    public static float[] normalizedSum(float[] a, float[] b) {
        float[] out = a.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] += b[i];
        }
        return normalized(out);
    }
}
