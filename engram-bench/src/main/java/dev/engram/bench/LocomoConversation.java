package dev.engram.bench;

import dev.engram.memory.Turn;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One LOCOMO conversation: two speakers, dated sessions of turns, questions with evidence, and the
 * turns its {@code observation} annotations cite.
 */
record LocomoConversation(String sampleId, String speakerA, String speakerB, List<Session> sessions,
                          List<Question> questions, Set<String> observedTurns) {
    LocomoConversation {
        Objects.requireNonNull(sampleId, "sampleId");
        sessions = List.copyOf(sessions);
        questions = List.copyOf(questions);
        observedTurns = Set.copyOf(observedTurns);
    }

    /** A session: its number (from {@code session_N}), start time and turns in order. */
    record Session(int number, Instant start, List<Turn> turns) {
        Session {
            turns = List.copyOf(turns);
        }
    }

    /** One turn; {@code caption} is the caption of a shared photo, or null. */
    record Turn(String diaId, String speaker, String text, String caption) {
        /** "Speaker: text", with the photo caption when there is one. */
        String memoryText() {
            String base = speaker + ": " + text;
            return caption == null || caption.isBlank() ? base : base + " [photo: " + caption + "]";
        }
    }

    /** A question, its category (1-5) and its evidence, cleaned to real dia_ids of this conversation. */
    record Question(String text, int category, List<String> evidence) {
        Question {
            evidence = List.copyOf(evidence);
        }
    }
}
