package dev.engram.server;

import dev.engram.EngramException;

/**
 * A request that ends with an HTTP error: the status, a stable machine-readable {@code code} and
 * a message for people. Sent as {@code {"error": {"code", "message"}}}.
 */
public final class ApiException extends EngramException {
    private final int status;
    private final String code;

    /**
     * @param status the HTTP status, 4xx for a caller's mistake
     * @param code a stable machine-readable code, e.g. {@code invalid_field}
     */
    public ApiException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** The machine-readable code. */
    public String code() {
        return code;
    }

    /** A 400 with {@code code}. */
    public static ApiException badRequest(String code, String message) {
        return new ApiException(400, code, message);
    }

    /** A 404 with code {@code not_found}. */
    public static ApiException notFound(String message) {
        return new ApiException(404, "not_found", message);
    }
}
