package dev.engram.mcp;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Streams that pass their bytes through unchanged and hand each complete line that went by to a
 * listener (UTF-8, without the line end): how the stdio server sees the JSON-RPC messages the
 * SDK's transport reads and writes. Not thread safe: one reader or one writer at a time, as the
 * transport uses them.
 */
final class LineTap {
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final Consumer<String> listener;

    private LineTap(Consumer<String> listener) {
        this.listener = listener;
    }

    /**
     * {@code in}, telling {@code lines} each line read, and running {@code ended} once at its end or on
     * a read failure, before the reader learns of it: {@code ended} may block to hold the reader back.
     */
    static InputStream reading(InputStream in, Consumer<String> lines, Runnable ended) {
        LineTap tap = new LineTap(lines);
        return new FilterInputStream(in) {
            private boolean done;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n == -1 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n;
                try {
                    n = super.read(b, off, len);
                } catch (IOException e) {
                    end();
                    throw e;
                }
                if (n == -1) {
                    end();
                } else {
                    tap.add(b, off, n);
                }
                return n;
            }

            private void end() {
                if (!done) {
                    done = true;
                    ended.run();
                }
            }
        };
    }

    /** {@code out}, telling {@code lines} each line written. */
    static OutputStream writing(OutputStream out, Consumer<String> lines) {
        LineTap tap = new LineTap(lines);
        return new FilterOutputStream(out) {
            @Override
            public void write(int b) throws IOException {
                out.write(b);
                tap.add(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
                tap.add(b, off, len);
            }
        };
    }

    private void add(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            if (b[i] == '\n') {
                listener.accept(line.toString(StandardCharsets.UTF_8).strip());
                line.reset();
            } else {
                line.write(b[i]);
            }
        }
    }
}
