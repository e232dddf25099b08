package dev.engram.llm;

/**
 * The model's reply to a {@link ChatRequest}: the whole text, or, when the caller stopped it
 * ({@link ReplyStop}), the text that had arrived, with {@link #STOPPED} as its stop reason.
 */
public record ChatReply(String text, String stopReason, Usage usage) {
    /** The stop reason of a reply the caller stopped before the model finished it. */
    public static final String STOPPED = "stopped_by_caller";

    /** Whether the caller stopped this reply before the model finished it. */
    public boolean stopped() {
        return STOPPED.equals(stopReason);
    }
}
