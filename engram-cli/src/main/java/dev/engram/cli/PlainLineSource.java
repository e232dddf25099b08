package dev.engram.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads lines from a non-terminal input (a pipe or a file); prompts are not shown. A daemon thread
 * reads ahead a few lines, so that Ctrl-C ({@link #interruptPrompt}) can end a wait for input that
 * a blocked read could not.
 */
public final class PlainLineSource implements LineSource {
    private static final Object END = new Object();
    private static final Object WAKE = new Object();

    private final BufferedReader in;
    private final BlockingDeque<Object> lines = new LinkedBlockingDeque<>(16);
    private final AtomicBoolean interrupted = new AtomicBoolean();
    private final AtomicBoolean started = new AtomicBoolean();

    public PlainLineSource(BufferedReader in) {
        this.in = in;
    }

    @Override
    public String readLine(String prompt) {
        if (started.compareAndSet(false, true)) {
            Thread reader = new Thread(this::readAhead, "engram-stdin");
            reader.setDaemon(true);
            reader.start();
        }
        while (true) {
            if (interrupted.getAndSet(false)) {
                throw new PromptInterruptedException();
            }
            Object next = take();
            if (next == END) {
                lines.offerFirst(END); // every later call sees the end too
                return null;
            }
            if (next instanceof UncheckedIOException e) {
                lines.offerFirst(e);
                throw e;
            }
            if (next != WAKE) {
                return (String) next;
            }
        }
    }

    @Override
    public void interruptPrompt() {
        interrupted.set(true);
        // When the queue is full the reader is not waiting, and sees the flag on its next call.
        lines.offerFirst(WAKE);
    }

    private Object take() {
        try {
            return lines.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PromptInterruptedException();
        }
    }

    private void readAhead() {
        Object last;
        try {
            String line;
            while ((line = in.readLine()) != null) {
                lines.putLast(line);
            }
            last = END;
        } catch (IOException e) {
            last = new UncheckedIOException("cannot read input", e);
        } catch (InterruptedException e) {
            return;
        }
        try {
            lines.putLast(last);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        // stdin belongs to the process
    }
}
