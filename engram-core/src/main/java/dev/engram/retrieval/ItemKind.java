package dev.engram.retrieval;

/** What a retrievable memory item is. */
public enum ItemKind {
    FACT,
    ENTITY,
    SUMMARY,
    TURN,
    /** A file of Claude's memory tool. */
    FILE
}
