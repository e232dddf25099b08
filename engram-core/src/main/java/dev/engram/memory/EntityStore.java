package dev.engram.memory;

import java.time.Instant;
import java.util.List;

/** The people, projects and goals each user mentioned. Part of {@link MemoryStore}. */
public interface EntityStore {
    /**
     * Adds or updates the entity with this name (case-insensitive), appending {@code note} to its
     * notes unless already there.
     */
    Entity upsertEntity(UserId user, String name, String type, String note, Instant at, float[] embedding);

    /** Deletes an entity. False if the user has no such entity. */
    boolean deleteEntity(UserId user, long entityId);

    /** The user's entities, by name. */
    List<Entity> entities(UserId user);
}
