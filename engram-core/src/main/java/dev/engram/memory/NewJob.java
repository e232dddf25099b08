package dev.engram.memory;

import java.util.Objects;

/** A job about to be enqueued: its type (e.g. {@code extract}) and a JSON payload. */
public record NewJob(String type, String payload) {
    public NewJob {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(payload, "payload");
    }
}
