package dev.engram.cli;

import dev.engram.EngramException;

/**
 * A part the chat needs (the store, the embedding model, the model client) could not be built;
 * the chat then ends with {@link #status()} instead of failing again on every line.
 */
final class StartupFailure extends EngramException {
    private final int status;

    StartupFailure(Throwable cause) {
        super(cause.getMessage(), cause);
        this.status = cause instanceof IllegalArgumentException ? Main.USAGE : 1;
    }

    /** The exit status: 2 for a configuration mistake, 1 otherwise. */
    int status() {
        return status;
    }
}
