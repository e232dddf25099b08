package dev.engram.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Requests written byte for byte on a socket, for framing that {@link java.net.http.HttpClient}
 * refuses to send: lying {@code Content-Length}s, broken chunked bodies, unknown HTTP versions.
 */
final class RawHttp {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The status line's code, the headers (lower-cased) and the body of a response. */
    record Reply(int status, String headers, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): [" + headers + "] " + body, e);
            }
        }

        String errorCode() {
            return json().path("error").path("code").asText(null);
        }
    }

    private RawHttp() {}

    /** Sends {@code head} and {@code body}, half-closes when {@code halfClose}, and reads the reply. */
    static Reply exchange(int port, String head, byte[] body, boolean halfClose) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            if (halfClose) {
                socket.shutdownOutput();
            }
            return read(socket.getInputStream());
        } catch (IOException e) {
            throw new AssertionError("raw request failed: " + e, e);
        }
    }

    /**
     * Streams {@code chunks} chunks of {@code chunkBytes} each as a chunked body that never ends,
     * and reads the reply; the server must answer without waiting for the end of the body.
     */
    static Reply endlessChunked(int port, String head, int chunkBytes, int chunks) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            byte[] chunk = new byte[chunkBytes];
            java.util.Arrays.fill(chunk, (byte) 'a');
            byte[] size = (Integer.toHexString(chunkBytes) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
            try {
                for (int i = 0; i < chunks; i++) {
                    out.write(size);
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                }
                out.flush();
            } catch (IOException e) {
                // The server may answer and close before all of the body is written; its reply is still readable.
            }
            return read(socket.getInputStream());
        } catch (IOException e) {
            throw new AssertionError("raw request failed: " + e, e);
        }
    }

    private static Reply read(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            int n;
            while ((n = in.read(buf)) != -1) {
                all.write(buf, 0, n);
                Reply done = complete(all.toString(StandardCharsets.UTF_8), false);
                if (done != null) {
                    return done;
                }
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no complete reply within the socket timeout; got: " + all.toString(StandardCharsets.UTF_8));
        } catch (java.net.SocketException e) {
            // A reset after the reply was sent; parse what arrived.
        }
        Reply done = complete(all.toString(StandardCharsets.UTF_8), true);
        if (done == null) {
            throw new AssertionError("the connection closed without a complete reply: " + all.toString(StandardCharsets.UTF_8));
        }
        return done;
    }

    /** The first reply in {@code text} once its body has arrived whole (or the connection closed), else null. */
    private static Reply complete(String text, boolean closed) {
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return null;
        }
        String headers = text.substring(0, end).toLowerCase(Locale.ROOT);
        String rest = text.substring(end + 4);
        int status = Integer.parseInt(headers.substring(9, 12));
        int at = headers.indexOf("content-length:");
        if (at < 0) {
            return closed ? new Reply(status, headers, rest) : null;
        }
        int lineEnd = headers.indexOf("\r\n", at);
        int length = Integer.parseInt(headers.substring(at + 15, lineEnd < 0 ? headers.length() : lineEnd).strip());
        byte[] body = rest.getBytes(StandardCharsets.UTF_8);
        if (body.length < length) {
            return null;
        }
        return new Reply(status, headers, new String(body, 0, length, StandardCharsets.UTF_8));
    }
}
