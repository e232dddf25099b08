package dev.engram.memory;

import java.time.Instant;

/**
 * A person, project, goal or other thing the user mentioned, with short notes about it.
 * Facts about other people live here, never among the user's facts.
 */
public record Entity(long id, UserId userId, String name, String type, String notes, Instant updatedAt, float[] embedding) {}
