package dev.engram.extraction;

import java.util.ArrayList;
import java.util.List;

/**
 * The store/skip rules, applied without any model call: explicit, durable statements about the
 * user are stored; volatile state (mood, lunch) is skipped; inferred or uncertain ones go to
 * review; facts about someone else become notes on that person, never facts about the user.
 */
public final class StoreRules {
    private static final int MAX_STATEMENT_CHARS = 500;

    /** Sorts an extraction into what to store, review, note and skip. */
    public Triage triage(Extraction extraction) {
        List<Candidate> store = new ArrayList<>();
        List<Candidate> review = new ArrayList<>();
        List<EntityNote> notes = new ArrayList<>(extraction.entities());
        List<String> skipped = new ArrayList<>();
        for (Candidate c : extraction.facts()) {
            String statement = c.statement().strip();
            if (statement.isEmpty()) {
                skipped.add("(empty statement)");
            } else if (statement.length() > MAX_STATEMENT_CHARS) {
                skipped.add(statement.substring(0, 60) + "... (too long to be one fact)");
            } else if (!c.durable()) {
                skipped.add(statement + " (volatile)");
            } else if (!c.aboutUser()) {
                notes.add(new EntityNote(c.subject().strip(), "person", statement));
            } else if (c.certainty() == Candidate.Certainty.EXPLICIT) {
                store.add(c);
            } else {
                review.add(c);
            }
        }
        return new Triage(store, review, notes, skipped);
    }
}
