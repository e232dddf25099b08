package dev.engram.jobs;

import dev.engram.llm.LlmException;
import dev.engram.llm.ModelUnreachableException;
import dev.engram.memory.Job;
import dev.engram.memory.JobQueue;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs queued jobs on background threads: claims a job with a lease, runs its handler, and marks
 * it done, or schedules a retry with backoff, or dead-letters it with the error kept. Errors the
 * model says are permanent, and malformed payloads, go straight to the dead letters. A job whose
 * claim is lost while it runs (its user was erased, or another worker took it after the lease ran
 * out) is dropped: its handler's later writes are refused and its outcome is not recorded.
 */
public final class JobWorker implements AutoCloseable {
    private static final Logger LOG = System.getLogger(JobWorker.class.getName());
    private static final Duration IDLE_POLL = Duration.ofMillis(500);

    private final JobQueue queue;
    private final Map<String, JobHandler> handlers;
    private final RetryPolicy policy;
    private final Clock clock;
    private final int threads;
    private final String name;
    private final Object signal = new Object();
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong unreachable = new AtomicLong();
    private final List<Thread> pool = new ArrayList<>();

    public JobWorker(JobQueue queue, Map<String, JobHandler> handlers, RetryPolicy policy, Clock clock, int threads, String name) {
        if (threads < 1) {
            throw new IllegalArgumentException("a job worker needs at least one thread");
        }
        this.queue = queue;
        this.handlers = Map.copyOf(handlers);
        this.policy = policy;
        this.clock = clock;
        this.threads = threads;
        this.name = name;
    }

    /** Starts the worker threads (daemon threads; call {@link #drain} before exit). */
    public synchronized void start() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(this::loop, name + "-" + i);
            t.setDaemon(true);
            t.start();
            pool.add(t);
        }
    }

    /** Tells idle workers that a job was enqueued, so it runs now rather than at the next poll. */
    public void wake() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    /**
     * Waits until no job is pending or running (dead jobs do not count), or {@code timeout} passes,
     * or a job fails because the model server cannot be reached ({@link ModelUnreachableException}):
     * its retries would only fail again, so the jobs are left queued for a later start. Returns true
     * when the queue was drained.
     */
    public boolean drain(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long unreachableBefore = unreachable.get();
        while (queue.outstanding() > 0) {
            if (System.nanoTime() > deadline || unreachable.get() != unreachableBefore) {
                return false;
            }
            wake();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Jobs completed by this worker since it started. */
    public long completed() {
        return completed.get();
    }

    /** Failed job runs (retried or dead-lettered) since start. */
    public long failures() {
        return failures.get();
    }

    /** Job runs since start that failed because the model server could not be reached. */
    public long unreachableFailures() {
        return unreachable.get();
    }

    /** Jobs dropped since start because their claim was lost while they ran (e.g. their user was erased). */
    public long dropped() {
        return dropped.get();
    }

    /** Runs at most one due job on the calling thread; returns whether one ran. Used by tests and drains. */
    public boolean runOnce() {
        Instant now = clock.instant();
        Optional<Job> claimed = queue.claim(name, now, now.plus(policy.lease()));
        if (claimed.isEmpty()) {
            return false;
        }
        execute(claimed.get());
        return true;
    }

    private void loop() {
        while (running.get()) {
            try {
                if (!runOnce()) {
                    synchronized (signal) {
                        signal.wait(IDLE_POLL.toMillis());
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "job worker could not claim work: " + e.getMessage());
                sleepQuietly(IDLE_POLL);
            }
        }
    }

    private void execute(Job job) {
        JobHandler handler = handlers.get(job.type());
        if (handler == null) {
            failures.incrementAndGet();
            record(job, queue.fail(job, "no handler for job type '" + job.type() + "'", null));
            return;
        }
        String result;
        try {
            result = queue.runClaimed(job, () -> handler.run(job.userId(), job.payload()));
        } catch (RuntimeException e) {
            if (claimLost(e)) {
                record(job, false);
            } else {
                failed(job, e);
            }
            return;
        }
        if (record(job, queue.complete(job))) {
            completed.incrementAndGet();
            LOG.log(Level.DEBUG, () -> "job " + job.id() + " (" + job.type() + ") done: " + result);
        }
    }

    private void failed(Job job, RuntimeException e) {
        failures.incrementAndGet();
        if (e instanceof ModelUnreachableException) {
            unreachable.incrementAndGet();
        }
        String error = e.getClass().getSimpleName() + ": " + e.getMessage();
        boolean permanent = (e instanceof LlmException le && !le.retriable()) || e instanceof IllegalArgumentException;
        if (permanent || job.attempts() >= policy.maxAttempts()) {
            if (record(job, queue.fail(job, error, null))) {
                LOG.log(Level.WARNING, "memory job " + job.id() + " (" + job.type() + ") failed for good after "
                        + job.attempts() + " attempt(s); see './engram jobs': " + error);
            }
        } else {
            Duration delay = policy.delayAfter(job.attempts());
            if (record(job, queue.fail(job, error, clock.instant().plus(delay)))) {
                LOG.log(Level.WARNING, "memory job " + job.id() + " (" + job.type() + ") failed, attempt " + job.attempts()
                        + " of " + policy.maxAttempts() + ", retrying in " + delay.toMillis() + " ms: " + error);
            }
        }
    }

    /** Passes {@code held} through; counts and logs a job whose claim was lost. */
    private boolean record(Job job, boolean held) {
        if (!held) {
            dropped.incrementAndGet();
            LOG.log(Level.INFO, "memory job " + job.id() + " (" + job.type() + ") of user " + job.userId()
                    + " was dropped: its user was erased, or another worker took it after its lease ran out");
        }
        return held;
    }

    private static boolean claimLost(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JobQueue.ClaimLostException) {
                return true;
            }
        }
        return false;
    }

    private static void sleepQuietly(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the threads after their current job. Pending jobs stay queued for the next start. */
    @Override
    public void close() {
        running.set(false);
        wake();
        for (Thread t : pool) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        pool.clear();
    }
}
