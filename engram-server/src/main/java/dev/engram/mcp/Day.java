package dev.engram.mcp;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Dates as the MCP texts show them: {@code 2025-03-01}, in UTC. */
final class Day {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private Day() {}

    static String of(Instant at) {
        return DAY.format(at);
    }
}
