package dev.engram.memory;

/** Who said a turn. */
public enum Role {
    USER,
    ASSISTANT
}
