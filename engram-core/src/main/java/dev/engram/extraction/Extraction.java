package dev.engram.extraction;

import java.util.List;

/** What the memory model proposed from one exchange: candidate facts and entity notes. */
public record Extraction(List<Candidate> facts, List<EntityNote> entities) {
    public Extraction {
        facts = List.copyOf(facts);
        entities = List.copyOf(entities);
    }
}
