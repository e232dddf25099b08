package dev.engram.memory;

/** How many items an import added (items the user already had are not counted; entities are merged). */
public record ImportCounts(int facts, int summaries, int entities, int turns) {
    @Override
    public String toString() {
        return facts + " facts, " + summaries + " summaries, " + entities + " entities, " + turns + " turns";
    }
}
