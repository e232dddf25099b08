package dev.engram.memory;

import dev.engram.EngramException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Durable queue of background memory work. Jobs are enqueued with the turn that causes them
 * ({@link MemoryStore#appendTurn}); workers claim them with a lease so that a crashed worker's job
 * is claimed again once its lease runs out. At most one job per user runs at a time.
 *
 * <p>A claim can be lost while its worker still runs: erasing the user deletes the user's jobs,
 * and a job whose lease ran out can be claimed by another worker. A worker runs its handler inside
 * {@link #runClaimed}, so that its writes are refused from then on and an erased user stays erased.
 */
public interface JobQueue {

    /**
     * Thrown, inside {@link #runClaimed}, by a write of the store when the claim it runs under was
     * lost: the job no longer exists (its user was erased) or another worker claimed it again. The
     * write changed nothing.
     */
    final class ClaimLostException extends EngramException {
        public ClaimLostException(String message) {
            super(message);
        }
    }

    /** Enqueues a job outside any turn (e.g. a session summary). */
    Job enqueue(UserId user, NewJob job, Instant runAt);

    /**
     * Claims the oldest runnable job (pending and due, or running with an expired lease) whose user
     * has no other job running, marking it running until {@code leaseUntil}. Empty when none.
     */
    Optional<Job> claim(String worker, Instant now, Instant leaseUntil);

    /**
     * Runs {@code work} on the calling thread on behalf of {@code claimed}, as returned by
     * {@link #claim}: every write the queue's store makes on this thread while {@code work} runs
     * first checks, in its own transaction, that this claim still holds (the job exists, is running
     * and was not claimed again), and otherwise throws {@link ClaimLostException} and writes
     * nothing. Returns what {@code work} returns; its exceptions pass through.
     */
    <T> T runClaimed(Job claimed, Supplier<T> work);

    /**
     * Marks a claimed job done. False, changing nothing, when the claim was lost (the job was
     * erased with its user, or claimed again by another worker).
     */
    boolean complete(Job claimed);

    /**
     * Records a failure of a claimed job: it becomes pending again at {@code retryAt}, or dead with
     * the error kept when {@code retryAt} is null. False, changing nothing, when the claim was lost.
     */
    boolean fail(Job claimed, String error, Instant retryAt);

    /** Jobs in the given states, oldest first, at most {@code limit}. */
    List<Job> list(List<Job.Status> statuses, int limit);

    /** How many jobs are pending or running. */
    int outstanding();

    /** Puts a dead job back to pending so it runs again. False if no such dead job. */
    boolean retry(long jobId, Instant now);
}
