package dev.engram.llm;

/** A model failure that retrying will not fix: bad request, bad key, unknown model. */
public class PermanentLlmException extends LlmException {
    public PermanentLlmException(String message, int status, Throwable cause) {
        super(message, status, cause);
    }

    @Override
    public boolean retriable() {
        return false;
    }
}
