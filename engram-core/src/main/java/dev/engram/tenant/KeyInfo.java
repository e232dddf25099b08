package dev.engram.tenant;

import java.time.Instant;

/** What is known about a stored API key: never the key itself. {@code revokedAt} is null while it works. */
public record KeyInfo(long keyId, String tenant, String prefix, Instant createdAt, Instant revokedAt) {}
