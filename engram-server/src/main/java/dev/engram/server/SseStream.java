package dev.engram.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A reply streamed as server-sent events: {@code delta} events with {@code {"text"}}, then one
 * {@code done} event (see {@code TurnRoutes.StreamedReply}), or an {@code error} event with
 * {@code {"status", "error": {"code", "message"}}}, the status being the one a plain request would
 * have got. The response starts with the first event, so a failure
 * before any text can still be sent as a plain JSON error. A client that goes away does not stop
 * the turn: it is still recorded. Used by one request thread.
 */
final class SseStream {
    private final Context ctx;
    private final ObjectMapper json;
    private OutputStream out;
    private boolean broken;

    SseStream(Context ctx, ObjectMapper json) {
        this.ctx = ctx;
        this.json = json;
    }

    boolean started() {
        return out != null;
    }

    void text(String fragment) {
        if (!fragment.isEmpty()) {
            event("delta", Map.of("text", fragment));
        }
    }

    void done(Object payload) {
        event("done", payload);
    }

    void error(ApiException e) {
        event("error", Map.of("status", e.status(), "error", Map.of("code", e.code(), "message", e.getMessage())));
    }

    private void event(String name, Object payload) {
        if (broken) {
            return;
        }
        try {
            if (out == null) {
                ctx.status(200);
                ctx.contentType("text/event-stream; charset=utf-8");
                ctx.header("Cache-Control", "no-cache");
                out = ctx.res().getOutputStream();
            }
            String data = json.writeValueAsString(payload);
            out.write(("event: " + name + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an event as JSON", e);
        } catch (IOException e) {
            broken = true;
        }
    }
}
