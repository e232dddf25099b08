package dev.engram.memory;

import java.util.List;

/**
 * What Engram knows about a user, as shown by {@code /memory}: valid facts, summaries, entities,
 * and the files Claude's memory tool keeps for the user (by path).
 */
public record MemoryView(List<Fact> facts, List<Summary> summaries, List<Entity> entities, List<MemoryFile> files) {
    public MemoryView {
        facts = List.copyOf(facts);
        summaries = List.copyOf(summaries);
        entities = List.copyOf(entities);
        files = List.copyOf(files);
    }
}
