package dev.engram.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;

/**
 * Reads lines from a terminal with JLine: editing and history, and a long pasted line read without
 * a redraw per character ({@link PastingLineReader}). Ctrl-D ends input; Ctrl-C clears a line being
 * typed, and on an empty line throws {@link PromptInterruptedException}.
 */
public final class TerminalLineSource implements LineSource {
    private final Terminal terminal;
    private final LineReader reader;
    private final AtomicBoolean interrupted = new AtomicBoolean();

    public TerminalLineSource(Terminal terminal) {
        this.terminal = terminal;
        this.reader = new PastingLineReader(terminal);
    }

    @Override
    public String readLine(String prompt) {
        while (true) {
            if (interrupted.getAndSet(false)) {
                throw new PromptInterruptedException();
            }
            try {
                return reader.readLine(prompt);
            } catch (UserInterruptException e) {
                if (e.getPartialLine() == null || e.getPartialLine().isBlank()) {
                    throw new PromptInterruptedException();
                }
                // Ctrl-C abandons the line being typed, as in a shell
            } catch (EndOfFileException e) {
                return null;
            }
        }
    }

    /** {@inheritDoc} While JLine reads a line it takes Ctrl-C itself; this covers the moments between. */
    @Override
    public void interruptPrompt() {
        interrupted.set(true);
    }

    /**
     * Runs {@code handler} on Ctrl-C while no line is being read (e.g. while a reply streams); while
     * a line is read, Ctrl-C goes to {@link #readLine} instead.
     */
    public void onInterrupt(Runnable handler) {
        terminal.handle(Terminal.Signal.INT, signal -> handler.run());
    }

    @Override
    public void close() {
        try {
            terminal.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the terminal", e);
        }
    }
}
