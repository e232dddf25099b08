package dev.engram.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.ExternalTerminal;
import org.junit.jupiter.api.Test;

/**
 * The JLine line source on a terminal over streams. It is an {@link ExternalTerminal} of type
 * xterm rather than a DumbTerminal: JLine never redraws the line on a dumb terminal, and redrawing
 * is what a pasted line paid for once per character.
 */
class TerminalLineSourceTest {

    /** Counts flushes: JLine flushes the terminal once per redraw of the line. */
    private static final class CountingOutput extends OutputStream {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final AtomicInteger flushes = new AtomicInteger();

        @Override
        public void write(int b) {
            bytes.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
        }

        @Override
        public void flush() {
            flushes.incrementAndGet();
        }
    }

    private static Terminal terminal(String input, OutputStream out) throws Exception {
        Terminal terminal = new ExternalTerminal("test", "xterm-256color",
                new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out, StandardCharsets.UTF_8);
        terminal.setSize(new Size(80, 24));
        return terminal;
    }

    @Test
    void aLongLineArrivingAtOnce_isReadWhole_withoutARedrawPerCharacter() throws Exception {
        String longLine = "word ".repeat(1000).strip();
        CountingOutput out = new CountingOutput();

        try (TerminalLineSource source = new TerminalLineSource(terminal(longLine + "\n", out))) {
            int before = out.flushes.get();
            String read = source.readLine("you> ");

            assertThat(read).isEqualTo(longLine);
            assertThat(out.flushes.get() - before).as("redraws for a %d-character line", longLine.length())
                    .isLessThan(50);
        }
    }

    /** Output a test can wait on, as a user waits to see what they typed echoed. */
    private static final class WatchedOutput extends OutputStream {
        private final StringBuilder text = new StringBuilder();

        @Override
        public synchronized void write(int b) {
            text.append((char) b);
            notifyAll();
        }

        synchronized void await(String expected, int times) throws InterruptedException {
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
            while (count(expected) < times) {
                long left = java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw new AssertionError("the terminal never showed '" + expected + "' " + times + " times: " + text);
                }
                wait(left);
            }
        }

        private int count(String expected) {
            int n = 0;
            for (int at = text.indexOf(expected); at >= 0; at = text.indexOf(expected, at + 1)) {
                n++;
            }
            return n;
        }
    }

    @Test
    void ctrlC_onATypedLineClearsIt_andOnAnEmptyLineEndsThePrompt() throws Exception {
        java.io.PipedOutputStream keys = new java.io.PipedOutputStream();
        java.io.PipedInputStream input = new java.io.PipedInputStream(keys);
        WatchedOutput screen = new WatchedOutput();
        Terminal terminal = new ExternalTerminal("test", "xterm-256color", input, screen, StandardCharsets.UTF_8);
        terminal.setSize(new Size(80, 24));
        // As a real tty is set up: Ctrl-C is the interrupt character and raises SIGINT.
        org.jline.terminal.Attributes tty = terminal.getAttributes();
        tty.setLocalFlag(org.jline.terminal.Attributes.LocalFlag.ISIG, true);
        tty.setControlChar(org.jline.terminal.Attributes.ControlChar.VINTR, 3);
        terminal.setAttributes(tty);
        try (TerminalLineSource source = new TerminalLineSource(terminal)) {
            var first = java.util.concurrent.CompletableFuture.supplyAsync(() -> source.readLine("you> "));
            screen.await("you> ", 1); // JLine reads keys only once it shows the prompt
            type(keys, "half a line");
            screen.await("half a line", 1);
            type(keys, "\u0003");
            screen.await("you> ", 2);
            type(keys, "again\n");
            assertThat(first.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("again");

            var second = java.util.concurrent.CompletableFuture.supplyAsync(() -> source.readLine("you> "));
            screen.await("you> ", 3);
            type(keys, "\u0003");
            assertThatThrownBy(() -> second.get(30, java.util.concurrent.TimeUnit.SECONDS))
                    .hasCauseInstanceOf(PromptInterruptedException.class);
        }
    }

    private static void type(OutputStream keys, String text) throws java.io.IOException {
        keys.write(text.getBytes(StandardCharsets.UTF_8));
        keys.flush();
    }
}
