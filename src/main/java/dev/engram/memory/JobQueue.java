package dev.engram.memory;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Durable queue of background memory work. Jobs are enqueued with the turn that causes them
 * ({@link MemoryStore#appendTurn}); workers claim them with a lease so that a crashed worker's job
 * is claimed again once its lease runs out. At most one job per user runs at a time.
 */
public interface JobQueue {

    /** Enqueues a job outside any turn (e.g. a session summary). */
    Job enqueue(UserId user, NewJob job, Instant runAt);

    /**
     * Claims the oldest runnable job (pending and due, or running with an expired lease) whose user
     * has no other job running, marking it running until {@code leaseUntil}. Empty when none.
     */
    Optional<Job> claim(String worker, Instant now, Instant leaseUntil);

    /** Marks a claimed job done. */
    void complete(long jobId);

    /**
     * Records a failure: the job becomes pending again at {@code retryAt}, or dead with the error
     * kept when {@code retryAt} is null.
     */
    void fail(long jobId, String error, Instant retryAt);

    /** Jobs in the given states, oldest first, at most {@code limit}. */
    List<Job> list(List<Job.Status> statuses, int limit);

    /** How many jobs are pending or running. */
    int outstanding();

    /** Puts a dead job back to pending so it runs again. False if no such dead job. */
    boolean retry(long jobId, Instant now);
}
