package dev.engram.cli;

/** Where the chat reads the user's lines from: a terminal with line editing, or plain stdin. */
public interface LineSource extends AutoCloseable {
    /**
     * The next line without its line ending, or null at end of input.
     *
     * @throws PromptInterruptedException when Ctrl-C is pressed at the prompt with nothing typed, or
     *     {@link #interruptPrompt} was called
     */
    String readLine(String prompt);

    /**
     * Ctrl-C that reached the chat by a signal while it waits for input, from any thread: the
     * {@link #readLine} under way, or else the next one, throws {@link PromptInterruptedException}.
     */
    void interruptPrompt();

    @Override
    void close();
}
