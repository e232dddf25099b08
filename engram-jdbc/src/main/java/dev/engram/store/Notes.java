package dev.engram.store;

/** Merges a new note into an entity's notes, one note per line. */
final class Notes {
    private Notes() {}

    /**
     * {@code notes} with {@code note} appended on a new line, unless the note is null or blank or a
     * line of {@code notes} already equals it ignoring case and surrounding spaces.
     */
    static String merge(String notes, String note) {
        if (note == null || note.isBlank()) {
            return notes;
        }
        String line = note.strip();
        if (notes.lines().anyMatch(existing -> existing.strip().equalsIgnoreCase(line))) {
            return notes;
        }
        return notes.isEmpty() ? line : notes + "\n" + line;
    }
}
