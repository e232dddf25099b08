package dev.engram.server;

import dev.engram.EngramException;

/**
 * A request that ends with an HTTP error: the status, a stable machine-readable {@code code} and
 * a message for people. Sent as {@code {"error": {"code", "message"}}}.
 */
public final class ApiException extends EngramException {
    private final int status;
    private final String code;

    public ApiException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    static ApiException badRequest(String code, String message) {
        return new ApiException(400, code, message);
    }

    static ApiException notFound(String message) {
        return new ApiException(404, "not_found", message);
    }
}
