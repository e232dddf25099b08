package dev.engram.store;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Stores an embedding as float32 little-endian bytes; null stays null. */
final class EmbeddingCodec {
    private EmbeddingCodec() {}

    static byte[] encode(float[] vector) {
        if (vector == null) {
            return null;
        }
        ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(vector);
        return bytes.array();
    }

    static float[] decode(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        if (bytes.length % Float.BYTES != 0) {
            throw new IllegalStateException("stored embedding has " + bytes.length + " bytes, not a multiple of 4");
        }
        float[] vector = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
        return vector;
    }
}
