package dev.engram.llm;

/**
 * The model server could not be reached at all: nothing listens at its address, or its host is
 * unknown or out of reach. Retriable later, but waiting a few seconds rarely helps, so callers that
 * are about to exit stop waiting for model work when they see it.
 */
public final class ModelUnreachableException extends TransientLlmException {
    public ModelUnreachableException(String message, Throwable cause) {
        super(message, 0, cause);
    }
}
