package dev.engram.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Counts the client's requests the stdio server has read and not yet answered, from the JSON-RPC
 * lines that go by: a message with a {@code method} and an {@code id} read from the client is a
 * request; one with an {@code id} and a {@code result} or {@code error} written to it is its answer.
 * Lets the server finish its answers before it closes at the end of its input. Thread safe.
 */
final class Exchanges {
    private final ObjectMapper json = new ObjectMapper();
    private int unanswered;

    /** A line the client sent. */
    void read(String line) {
        int requests = count(line, true);
        if (requests > 0) {
            synchronized (this) {
                unanswered += requests;
            }
        }
    }

    /** A line the server wrote. */
    void written(String line) {
        int answers = count(line, false);
        if (answers > 0) {
            synchronized (this) {
                unanswered = Math.max(0, unanswered - answers);
                notifyAll();
            }
        }
    }

    /** Waits until every request read has been answered, at most {@code max}; returns how many are left. */
    synchronized int awaitAnswered(Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (unanswered > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return unanswered;
    }

    private int count(String line, boolean requests) {
        if (line.isEmpty()) {
            return 0;
        }
        JsonNode message;
        try {
            message = json.readTree(line);
        } catch (IOException e) {
            return 0; // not JSON: the transport answers it with a parse error, which counts for nothing here
        }
        int n = 0;
        for (JsonNode m : message.isArray() ? message : List.of(message)) {
            boolean hasId = m.hasNonNull("id");
            boolean isRequest = m.has("method");
            if (hasId && (requests ? isRequest : !isRequest && (m.has("result") || m.has("error")))) {
                n++;
            }
        }
        return n;
    }
}
