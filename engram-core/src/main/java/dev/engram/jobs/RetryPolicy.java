package dev.engram.jobs;

import java.time.Duration;

/** How failed jobs are retried: exponential backoff from {@code baseDelay}, capped, at most {@code maxAttempts} runs. */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, Duration lease) {
    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        if (baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0) {
            throw new IllegalArgumentException("need 0 <= baseDelay <= maxDelay");
        }
        if (lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("lease must be positive");
        }
    }

    /** The default: 5 attempts, 1 s doubling to 30 s, a 5 minute lease. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(5));
    }

    /** The delay before the next run after {@code attempts} failed runs. */
    public Duration delayAfter(int attempts) {
        long factor = 1L << Math.min(20, Math.max(0, attempts - 1));
        Duration d = baseDelay.multipliedBy(factor);
        return d.compareTo(maxDelay) > 0 ? maxDelay : d;
    }
}
