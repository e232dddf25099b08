package dev.engram.extraction;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.extraction.Candidate.Certainty;
import java.util.List;
import org.junit.jupiter.api.Test;

class StoreRulesTest {
    private final StoreRules rules = new StoreRules();

    private static Candidate fact(String statement, String subject, Certainty certainty, boolean durable) {
        return new Candidate(statement, subject, null, "fact", certainty, durable);
    }

    @Test
    void triage_explicitDurableFactAboutUser_isStored() {
        Triage t = rules.triage(new Extraction(List.of(fact("Works as a nurse.", "user", Certainty.EXPLICIT, true)), List.of()));
        assertThat(t.store()).extracting(Candidate::statement).containsExactly("Works as a nurse.");
        assertThat(t.review()).isEmpty();
        assertThat(t.notes()).isEmpty();
    }

    @Test
    void triage_volatileState_isSkipped() {
        Triage t = rules.triage(new Extraction(List.of(fact("Had pasta for lunch.", "user", Certainty.EXPLICIT, false)), List.of()));
        assertThat(t.store()).isEmpty();
        assertThat(t.review()).isEmpty();
        assertThat(t.skipped()).singleElement().asString().contains("volatile");
    }

    @Test
    void triage_inferredOrUncertain_goesToReview() {
        Triage t = rules.triage(new Extraction(List.of(
                fact("Probably likes hiking.", "user", Certainty.UNCERTAIN, true),
                fact("Seems to have a dog.", "user", Certainty.INFERRED, true)), List.of()));
        assertThat(t.store()).isEmpty();
        assertThat(t.review()).hasSize(2);
    }

    @Test
    void triage_factAboutSomeoneElse_becomesEntityNoteNotUserFact() {
        Triage t = rules.triage(new Extraction(List.of(
                fact("Is moving to Berlin.", "Priya", Certainty.EXPLICIT, true)), List.of()));
        assertThat(t.store()).isEmpty();
        assertThat(t.review()).isEmpty();
        assertThat(t.notes()).singleElement().satisfies(n -> {
            assertThat(n.name()).isEqualTo("Priya");
            assertThat(n.note()).isEqualTo("Is moving to Berlin.");
        });
    }

    @Test
    void triage_keepsEntityNotesFromTheModel() {
        EntityNote note = new EntityNote("Project Atlas", "project", "Launches in March.");
        Triage t = rules.triage(new Extraction(List.of(), List.of(note)));
        assertThat(t.notes()).containsExactly(note);
    }

    @Test
    void triage_emptyOrHugeStatements_areSkipped() {
        Triage t = rules.triage(new Extraction(List.of(
                fact("   ", "user", Certainty.EXPLICIT, true),
                fact("x".repeat(600), "user", Certainty.EXPLICIT, true)), List.of()));
        assertThat(t.store()).isEmpty();
        assertThat(t.skipped()).hasSize(2);
    }
}
