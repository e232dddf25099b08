package dev.engram.server;

import java.util.Objects;

/**
 * What an {@link ApiExtension} shares with the server it is registered on.
 *
 * @param users the server's tenant users, so that an erase here waits for writes there and the
 *     other way round
 * @param bodies the server's body reader, with its size limit
 */
public record ServerParts(TenantUsers users, BodyReader bodies) {
    public ServerParts {
        Objects.requireNonNull(users, "users");
        Objects.requireNonNull(bodies, "bodies");
    }
}
