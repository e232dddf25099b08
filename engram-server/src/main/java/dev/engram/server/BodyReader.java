package dev.engram.server;

import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.BadMessageException;

/**
 * Reads request bodies with the size limit enforced while reading, whatever the framing: a
 * declared {@code Content-Length} over the limit is refused before reading, and a chunked body is
 * cut off as soon as it passes the limit (Javalin's own check looks at {@code Content-Length}
 * only). A body that ends before its declared length, or whose chunks are malformed, is a 400;
 * one too slow to arrive is a 408. Each of these closes the connection, since the rest of the
 * body is never read. Thread safe.
 */
public final class BodyReader {
    private static final int BUFFER = 8192;

    private final long maxBytes;

    BodyReader(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** The body parsed as a {@link JsonBody} with the given known fields. */
    public JsonBody json(Context ctx, Set<String> allowed) {
        return JsonBody.parse(bytes(ctx), allowed);
    }

    /** The whole body, at most the limit. */
    public byte[] bytes(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBytes) {
            throw closing(ctx, tooLarge());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : BUFFER);
        byte[] buffer = new byte[BUFFER];
        try {
            InputStream in = ctx.req().getInputStream();
            long total = 0;
            for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
                total += n;
                if (total > maxBytes) {
                    throw closing(ctx, tooLarge());
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException | BadMessageException e) {
            throw closing(ctx, unreadable(e));
        }
        return out.toByteArray();
    }

    private ApiException tooLarge() {
        return new ApiException(413, "body_too_large", "the request body is larger than " + maxBytes + " bytes");
    }

    private ApiException unreadable(Exception e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof BadMessageException bad && bad.getCode() == 413) {
                return tooLarge();
            }
            if (cause instanceof TimeoutException) {
                return new ApiException(408, "request_timeout", "the request body did not arrive in time");
            }
        }
        return ApiException.badRequest("malformed_body", "the request body could not be read whole: it ended before"
                + " its Content-Length, or its chunked encoding is malformed");
    }

    private static ApiException closing(Context ctx, ApiException e) {
        ctx.header("Connection", "close");
        return e;
    }
}
