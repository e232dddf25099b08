package dev.engram.testkit;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Waits for a condition that work on other threads or processes makes true, failing after a bound. */
public final class Await {
    private static final long POLL_MILLIS = 50;

    private Await() {}

    /**
     * Returns as soon as {@code condition} holds; fails naming {@code what} when it still does not
     * after {@code limit}. The limit bounds a failure, it is not a performance assertion.
     */
    public static void until(String what, Duration limit, Callable<Boolean> condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            try {
                if (condition.call()) {
                    return;
                }
            } catch (Exception e) {
                throw new AssertionError("while waiting until " + what + ": " + e, e);
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + limit + " waiting until " + what);
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting until " + what, e);
            }
        }
    }
}
