package dev.engram.llm;

/** A model failure worth retrying: rate limit, overload, server error, timeout, a cut stream. */
public class TransientLlmException extends LlmException {
    public TransientLlmException(String message, int status, Throwable cause) {
        super(message, status, cause);
    }

    @Override
    public boolean retriable() {
        return true;
    }
}
