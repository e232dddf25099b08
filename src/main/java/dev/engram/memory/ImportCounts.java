package dev.engram.memory;

/** How many items an import added. */
public record ImportCounts(int facts, int summaries, int entities, int turns) {
    @Override
    public String toString() {
        return facts + " facts, " + summaries + " summaries, " + entities + " entities, " + turns + " turns";
    }
}
