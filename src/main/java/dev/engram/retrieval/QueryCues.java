package dev.engram.retrieval;

import java.util.List;

/** Adjusts fused scores by what the query itself says. Stateless. */
final class QueryCues {
    private QueryCues() {}

    static float[] adjust(String query, List<MemoryItem> items, float[] fused, FusionSettings settings) {
        return fused;
    }
}
