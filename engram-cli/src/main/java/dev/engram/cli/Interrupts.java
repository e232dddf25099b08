package dev.engram.cli;

import org.jline.utils.Signals;

/**
 * Ctrl-C for a chat that reads plain stdin: the process's SIGINT, which would otherwise stop the
 * JVM at once, goes to a handler instead.
 */
final class Interrupts {
    private Interrupts() {}

    /** Sends SIGINT to {@code handler} (on a signal thread) until the returned action puts back what was there. */
    static Runnable onSigint(Runnable handler) {
        Object previous = Signals.register("INT", handler);
        return () -> Signals.unregister("INT", previous);
    }
}
