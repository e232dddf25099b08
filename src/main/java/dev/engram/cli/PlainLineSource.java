package dev.engram.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Reads lines from a non-terminal input (a pipe or a file); prompts are not shown. */
public final class PlainLineSource implements LineSource {
    private final BufferedReader in;

    public PlainLineSource(BufferedReader in) {
        this.in = in;
    }

    @Override
    public String readLine(String prompt) {
        try {
            return in.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read input", e);
        }
    }

    @Override
    public void close() {
        // stdin belongs to the process
    }
}
