package dev.engram.llm;

import dev.engram.EngramException;

/** A failed model call. {@link #status()} is the HTTP status, or 0 when there was none. */
public abstract class LlmException extends EngramException {
    private final int status;

    protected LlmException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** Whether calling again later may succeed. */
    public abstract boolean retriable();
}
