package dev.engram.llm;

/**
 * Lets another thread stop a streaming reply, as Ctrl-C does in the chat: {@link LlmClient#chat}
 * then ends early with the text received so far ({@link ChatReply#stopped()}) instead of waiting
 * for the rest. One per call. Thread safe.
 */
public final class ReplyStop {
    private Runnable onRequest;
    private boolean requested;

    /** Asks the call to stop; runs the client's stop action once. Safe to call from any thread, and more than once. */
    public void request() {
        Runnable action;
        synchronized (this) {
            if (requested) {
                return;
            }
            requested = true;
            action = onRequest;
        }
        if (action != null) {
            action.run();
        }
    }

    /** Whether a stop was asked for. */
    public synchronized boolean requested() {
        return requested;
    }

    /**
     * For clients: how to stop the call under way (e.g. close its HTTP stream); run at once when a
     * stop was already asked for.
     */
    public void whenRequested(Runnable action) {
        boolean now;
        synchronized (this) {
            onRequest = action;
            now = requested;
        }
        if (now) {
            action.run();
        }
    }
}
