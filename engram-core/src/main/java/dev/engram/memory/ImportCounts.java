package dev.engram.memory;

/**
 * How many items an import added (items the user already had are not counted; entities are
 * merged; a memory file the user already has with the same content is not counted).
 */
public record ImportCounts(int facts, int summaries, int entities, int turns, int files) {
    /** Counts of an import without memory files. */
    public ImportCounts(int facts, int summaries, int entities, int turns) {
        this(facts, summaries, entities, turns, 0);
    }

    @Override
    public String toString() {
        return facts + " facts, " + summaries + " summaries, " + entities + " entities, " + turns + " turns, "
                + files + " memory files";
    }
}
