package dev.engram.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.jline.reader.impl.LineReaderImpl;
import org.jline.terminal.Terminal;

/**
 * JLine's line reader, redrawing the line only when no typed input is waiting. JLine redraws the
 * whole line after every key; a long line pasted into a terminal without bracketed paste arrives
 * as thousands of keys at once, and redrawing after each costs time in the square of its length
 * (minutes of full CPU for a message near the size limit). Keys typed by hand never queue up, so
 * they are drawn as before.
 */
final class PastingLineReader extends LineReaderImpl {
    /** How long to look for more input before drawing; too short to be seen. */
    private static final long PEEK_MILLIS = 1;

    PastingLineReader(Terminal terminal) {
        super(terminal, "engram", null);
    }

    @Override
    public boolean redisplay() {
        if (peekCharacter(PEEK_MILLIS) >= 0) {
            return true; // more input waits: the line is drawn once it has been read
        }
        return super.redisplay();
    }
}
