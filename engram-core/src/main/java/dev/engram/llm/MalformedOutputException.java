package dev.engram.llm;

/** The model answered, but not in the shape asked for (no tool call, broken or schema-breaking JSON). */
public class MalformedOutputException extends LlmException {
    public MalformedOutputException(String message) {
        super(message, 0, null);
    }

    @Override
    public boolean retriable() {
        return true;
    }
}
