package dev.engram.server;

import dev.engram.llm.LlmException;
import dev.engram.llm.MalformedOutputException;
import dev.engram.memory.StorableText;
import dev.engram.store.StoreException;
import io.javalin.http.HttpResponseException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * The one place that turns a failure into an HTTP status and error code. A caller's mistake is a
 * 4xx; a model failure is 503 when trying again may help and 502 when it will not; anything else
 * is our bug or the database's, a 500 with a message that gives nothing away.
 */
final class ErrorMapping {
    private static final Logger LOG = System.getLogger(ErrorMapping.class.getName());

    private ErrorMapping() {}

    static ApiException map(Throwable e) {
        if (e instanceof ApiException api) {
            return api;
        }
        if (e instanceof HttpResponseException http) {
            return fromJavalin(http);
        }
        if (e instanceof StorableText.InvalidTextException) {
            return new ApiException(400, "invalid_text", e.getMessage());
        }
        if (e instanceof IllegalArgumentException) {
            return new ApiException(400, "invalid_request", e.getMessage());
        }
        if (e instanceof MalformedOutputException) {
            LOG.log(Level.WARNING, "the model's answer was malformed: " + e.getMessage());
            return new ApiException(502, "model_malformed_output", "the model's answer was malformed; your message is saved,"
                    + " try again");
        }
        if (e instanceof LlmException llm) {
            // The model server's own words may name internal hosts or carry trace ids: they go to the log only.
            LOG.log(Level.WARNING, "model call failed: " + e.getMessage());
            String status = llm.status() > 0 ? " (HTTP " + llm.status() + ")" : "";
            return llm.retriable()
                    ? new ApiException(503, "model_unavailable", "the model is unavailable" + status
                            + "; your message is saved, try again shortly")
                    : new ApiException(502, "model_error", "the model refused the request" + status
                            + "; your message is saved");
        }
        if (e instanceof StoreException) {
            LOG.log(Level.ERROR, "database failure while serving a request", e);
            return new ApiException(503, "store_unavailable", "the database failed; try again shortly");
        }
        LOG.log(Level.ERROR, "unexpected failure while serving a request", e);
        return new ApiException(500, "internal", "internal error; it has been logged");
    }

    private static ApiException fromJavalin(HttpResponseException e) {
        int status = e.getStatus();
        String code = switch (status) {
            case 413 -> "body_too_large";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            default -> status >= 500 ? "internal" : "invalid_request";
        };
        String message = status == 413 ? "the request body is too large" : e.getMessage();
        return new ApiException(status, code, message);
    }
}
