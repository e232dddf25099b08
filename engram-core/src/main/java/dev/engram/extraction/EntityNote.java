package dev.engram.extraction;

import java.util.Objects;

/** A note about a person, project, goal or other thing the user mentioned. */
public record EntityNote(String name, String type, String note) {
    public EntityNote {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(note, "note");
    }
}
