package dev.engram.extraction;

import java.util.List;

/**
 * The outcome of the store/skip rules on an extraction: facts to store now, facts to review
 * first, entity notes (including facts about other people), and what was skipped, with why.
 */
public record Triage(List<Candidate> store, List<Candidate> review, List<EntityNote> notes, List<String> skipped) {
    public Triage {
        store = List.copyOf(store);
        review = List.copyOf(review);
        notes = List.copyOf(notes);
        skipped = List.copyOf(skipped);
    }
}
