/**
 * Engram's HTTP API: {@link dev.engram.server.ApiServer} (Javalin) serves chat turns, memory,
 * export and erasure to tenants that hold API keys. A tenant names its users with its own ids,
 * mapped to internal ones by a {@link dev.engram.tenant.TenantStore}, so tenants never reach each
 * other's users. Authentication, error mapping (one place: {@code ErrorMapping}), metrics and the
 * OpenAPI document live here too.
 */
package dev.engram.server;
