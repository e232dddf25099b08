package dev.engram.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.chat.ChatService;
import dev.engram.chat.ChatSession;
import dev.engram.chat.LiveSessions;
import dev.engram.chat.TurnResult;
import dev.engram.memory.SessionId;
import dev.engram.memory.UserId;
import dev.engram.tenant.Tenant;
import io.javalin.http.Context;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code POST /v1/users/{userId}/messages} (a turn, optionally streamed as server-sent events) and
 * {@code POST /v1/users/{userId}/sessions/{sessionId}/end}.
 */
final class TurnRoutes {
    private static final Set<String> MESSAGE_FIELDS = Set.of("message", "sessionId", "incognito");

    private final ChatService chat;
    private final TenantUsers users;
    private final LiveSessions sessions;
    private final ServerMetrics metrics;
    private final ObjectMapper json;
    private final BodyReader bodies;

    TurnRoutes(ChatService chat, TenantUsers users, LiveSessions sessions, ServerMetrics metrics, ObjectMapper json,
               BodyReader bodies) {
        this.chat = chat;
        this.bodies = bodies;
        this.users = users;
        this.sessions = sessions;
        this.metrics = metrics;
        this.json = json;
    }

    /**
     * The response of a turn (and the {@code done} event of a streamed one): whether it was
     * incognito, and the memory items its prompt carried.
     */
    record Reply(String sessionId, String reply, boolean incognito, List<UsedMemory> memoryUsed) {
        static Reply of(ChatSession session, TurnResult result) {
            return new Reply(session.id().value(), result.reply(), session.incognito(),
                    result.memoryUsed().stream().map(UsedMemory::of).toList());
        }
    }

    /** The {@code done} event: the reply and its {@code Server-Timing} value, which a stream cannot send as a header. */
    record StreamedReply(String sessionId, String reply, boolean incognito, List<UsedMemory> memoryUsed, String serverTiming) {
        StreamedReply(Reply reply, String serverTiming) {
            this(reply.sessionId(), reply.reply(), reply.incognito(), reply.memoryUsed(), serverTiming);
        }
    }

    /** The response header that names the session a message went to, on success and failure alike. */
    static final String SESSION_HEADER = "Engram-Session-Id";

    void message(Context ctx) {
        Tenant tenant = ApiServer.tenant(ctx);
        UserId external = TenantUsers.parse(ctx.pathParam("userId"));
        JsonBody body = bodies.json(ctx, MESSAGE_FIELDS);
        String message = body.text("message");
        SessionId sessionId = sessionId(body.optionalText("sessionId"));
        boolean incognito = Boolean.TRUE.equals(body.optionalBoolean("incognito"));
        boolean stream = ctx.header("Accept") != null
                && ctx.header("Accept").toLowerCase(Locale.ROOT).contains("text/event-stream");
        users.write(tenant, external, true, user -> {
            ChatSession session = session(user, sessionId);
            // Incognito is said with each message, so a session dropped from LiveSessions and rebuilt keeps the
            // caller's choice. The flag and the turn go together: a second request on the session cannot flip it between.
            // Sent with every answer, failures included, so that a client whose first message failed (and was kept
            // in the turn log) can retry in the same session, where the model sees the unanswered message.
            ctx.header(SESSION_HEADER, session.id().value());
            synchronized (session) {
                if (incognito) {
                    session.goIncognito();
                } else {
                    session.leaveIncognito();
                }
                turn(ctx, session, message, stream);
            }
            return null;
        });
    }

    void end(Context ctx) {
        Tenant tenant = ApiServer.tenant(ctx);
        UserId external = TenantUsers.parse(ctx.pathParam("userId"));
        SessionId sessionId = sessionId(ctx.pathParam("sessionId"));
        boolean summarized = users.write(tenant, external, false, user -> {
            Optional<ChatSession> live = sessions.get(user, sessionId);
            ChatSession session = live.orElseGet(() -> chat.resume(user, sessionId));
            // A live session that was incognito throughout recorded nothing, yet it exists and can be ended.
            if (live.isEmpty() && !session.recorded()) {
                throw ApiException.notFound("user '" + external + "' has no session '" + sessionId.value() + "'");
            }
            chat.end(session);
            sessions.remove(user, sessionId);
            return session.recorded();
        });
        ctx.json(Map.of("sessionId", sessionId.value(), "ended", true, "summaryQueued", summarized));
    }

    private void turn(Context ctx, ChatSession session, String message, boolean stream) {
        if (stream) {
            streamTurn(ctx, session, message);
        } else {
            TurnResult result = chat.send(session, message, text -> { });
            ctx.header("Server-Timing", recordTurn(ctx, result));
            ctx.json(Reply.of(session, result));
        }
    }

    private void streamTurn(Context ctx, ChatSession session, String message) {
        SseStream sse = new SseStream(ctx, json);
        TurnResult result;
        try {
            result = chat.send(session, message, sse::text);
        } catch (RuntimeException e) {
            if (!sse.started()) {
                throw e;
            }
            ApiException error = ErrorMapping.map(e);
            metrics.failure(error.code());
            sse.error(error);
            return;
        }
        String timing = recordTurn(ctx, result);
        sse.done(new StreamedReply(Reply.of(session, result), timing));
    }

    private ChatSession session(UserId user, SessionId id) {
        if (id == null) {
            return sessions.keep(chat.open(user));
        }
        return sessions.get(user, id).orElseGet(() -> sessions.keep(chat.resume(user, id)));
    }

    /** Records the turn's metrics and returns its {@code Server-Timing} header value. */
    private String recordTurn(Context ctx, TurnResult result) {
        double whole = (System.nanoTime() - ApiServer.startNanos(ctx)) / 1e9;
        // modelMillis is truncated, so the server's share is rounded up by less than a millisecond.
        double model = result.modelMillis() / 1000.0;
        metrics.turn(whole, model, result.usage());
        // Microseconds printed as milliseconds with three decimals; String.format cost more than the turn's SQL.
        long appMicros = Math.round(Math.max(0, whole - model) * 1_000_000);
        long fraction = appMicros % 1000;
        String zeros = fraction < 10 ? "00" : fraction < 100 ? "0" : "";
        return "app;dur=" + appMicros / 1000 + "." + zeros + fraction + ", model;dur=" + result.modelMillis();
    }

    private static SessionId sessionId(String raw) {
        if (raw == null) {
            return null;
        }
        try {
            return new SessionId(raw);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_session_id", e.getMessage());
        }
    }
}
