package dev.engram.llm.anthropic;

import com.anthropic.errors.AnthropicIoException;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.errors.SseException;
import com.anthropic.models.ErrorType;
import dev.engram.llm.LlmException;
import dev.engram.llm.PermanentLlmException;
import dev.engram.llm.TransientLlmException;
import dev.engram.llm.ModelUnreachableException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.io.UncheckedIOException;
import java.time.Duration;

/** The one place where SDK failures and HTTP statuses become {@link LlmException}s. */
final class AnthropicErrors {
    private static final int OVERLOADED = 529;

    private AnthropicErrors() {}

    /** Translates anything the SDK threw. */
    static LlmException translate(RuntimeException e, Duration timeout) {
        if (e instanceof SseException sse) {
            int status = statusOfErrorType(sse.errorType().map(ErrorType::asString).orElse(""));
            return forStatus(status, "error event mid-stream: " + sse.apiMessage().orElse(sse.getMessage()), sse);
        }
        if (e instanceof AnthropicServiceException service) {
            String detail = service.apiMessage().orElse(e.getMessage());
            return forStatus(service.statusCode(), detail, service);
        }
        if (causedByTimeout(e)) {
            return new TransientLlmException(
                    "timed out waiting for the model server (timeout " + timeout.toMillis() + " ms)", 0, e);
        }
        if (causedByNoConnection(e)) {
            return new ModelUnreachableException("the model server could not be reached (" + rootMessage(e) + ")", e);
        }
        if (e instanceof AnthropicIoException || e instanceof UncheckedIOException) {
            return new TransientLlmException("lost the connection to the model server (" + rootMessage(e) + ")", 0, e);
        }
        return new PermanentLlmException("the Anthropic SDK failed: " + e, 0, e);
    }

    /** A stream that ended cleanly but before {@code message_stop}. */
    static LlmException streamEndedEarly() {
        return new TransientLlmException("the model's stream ended before message_stop", 0, null);
    }

    static LlmException forStatus(int status, String detail, Throwable cause) {
        String message = describe(status) + " (HTTP " + status + "): " + detail;
        if (status == 408 || status == 409 || status == 429 || status >= 500) {
            return new TransientLlmException(message, status, cause);
        }
        return new PermanentLlmException(message, status, cause);
    }

    private static String describe(int status) {
        return switch (status) {
            case 400 -> "the model server rejected the request";
            case 401 -> "the API key was not accepted";
            case 403 -> "the API key may not use this resource";
            case 404 -> "the model or endpoint does not exist";
            case 408 -> "the model server timed out the request";
            case 413 -> "the request is too large";
            case 429 -> "rate limited by the model server";
            case OVERLOADED -> "the model server is overloaded";
            default -> status >= 500 ? "the model server failed" : "the model server refused the request";
        };
    }

    /** Maps the {@code error.type} of a mid-stream error event to the status the API uses for it. */
    private static int statusOfErrorType(String type) {
        return switch (type) {
            case "invalid_request_error" -> 400;
            case "authentication_error" -> 401;
            case "billing_error" -> 402;
            case "permission_error" -> 403;
            case "not_found_error" -> 404;
            case "request_too_large" -> 413;
            case "rate_limit_error" -> 429;
            case "overloaded_error" -> OVERLOADED;
            default -> 500;
        };
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    /** Nothing answered at the address: refused, unknown host, no route. Not a connection lost midway. */
    private static boolean causedByNoConnection(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof UnknownHostException
                    || cause instanceof NoRouteToHostException) {
                return true;
            }
        }
        return false;
    }

    private static boolean causedByTimeout(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof InterruptedIOException) {
                return true;
            }
        }
        return false;
    }
}
