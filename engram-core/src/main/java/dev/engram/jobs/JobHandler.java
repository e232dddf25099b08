package dev.engram.jobs;

import dev.engram.memory.UserId;

/** Runs one type of job. Throwing means the job failed and is retried or dead-lettered. */
@FunctionalInterface
public interface JobHandler {
    /** Does the work and returns a short description of what was done, for the log. */
    String run(UserId user, String payload);
}
