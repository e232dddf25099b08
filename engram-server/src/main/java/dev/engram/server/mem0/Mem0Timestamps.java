package dev.engram.server.mem0;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Reads the timestamps of mem0 exports: ISO-8601 with an offset ({@code 2025-01-01T10:00:00-08:00},
 * mem0's US/Pacific times before 2026-03, UTC since) or {@code Z}, with a space or {@code T}
 * between date and time, as Python's {@code isoformat} and {@code str} write them. A time without
 * an offset is read as UTC, and {@link #guessed} says so.
 */
final class Mem0Timestamps {
    private int guessed;

    /** The instant of {@code text}; {@code where} names it in the error. */
    Instant parse(String text, String where) {
        String iso = text.strip().replaceFirst("^(\\d{4}-\\d{2}-\\d{2}) ", "$1T");
        try {
            return OffsetDateTime.parse(iso).toInstant();
        } catch (DateTimeParseException withOffset) {
            try {
                Instant utc = LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC);
                guessed++;
                return utc;
            } catch (DateTimeParseException naive) {
                throw new IllegalArgumentException(where + " is not an ISO-8601 time such as 2025-01-01T10:00:00-08:00: '"
                        + Mem0Requests.printable(text) + "'");
            }
        }
    }

    /** How many times had no offset and were read as UTC. */
    int guessed() {
        return guessed;
    }
}
