package dev.engram.cli;

/** Where the chat reads the user's lines from: a terminal with line editing, or plain stdin. */
public interface LineSource extends AutoCloseable {
    /** The next line without its line ending, or null at end of input. */
    String readLine(String prompt);

    @Override
    void close();
}
