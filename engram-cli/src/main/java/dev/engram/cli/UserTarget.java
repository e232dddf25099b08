package dev.engram.cli;

import dev.engram.app.Wiring;
import dev.engram.memory.UserId;
import dev.engram.tenant.Tenant;
import java.time.Instant;

/**
 * The user a {@code memory} command works on. With {@code --user} alone it is that id; with
 * {@code --tenant} it is the tenant's user named by the tenant's own id, mapped to the internal id
 * the HTTP API uses for it, so that the CLI reaches exactly the user the API does.
 *
 * @param id the internal id the store keys the memory by
 * @param named the id the operator gave, as the user's owner knows it
 * @param tenant the tenant's name, or null for a user outside any tenant
 */
record UserTarget(UserId id, UserId named, String tenant) {

    /**
     * Resolves {@code --user} and {@code --tenant}. A tenant's user who is not mapped yet is mapped
     * when {@code create} (a write that adds memory), and refused otherwise.
     *
     * @throws IllegalArgumentException when the tenant or, unless {@code create}, its user does not exist
     */
    static UserTarget resolve(Wiring wiring, String tenantName, UserId named, boolean create) {
        if (tenantName == null) {
            return new UserTarget(named, named, null);
        }
        Tenant tenant = wiring.tenantNamed(tenantName).orElseThrow(() -> new IllegalArgumentException(
                "there is no tenant '" + tenantName + "'; 'engram keys list' shows the tenants"));
        UserId internal = create
                ? wiring.tenants().resolveUser(tenant, named, Instant.now())
                : wiring.tenants().findUser(tenant, named).orElseThrow(() -> new IllegalArgumentException(
                        "tenant '" + tenantName + "' has no user '" + named + "'"));
        return new UserTarget(internal, named, tenantName);
    }

    /** How messages name the user: "alice", or "alice of tenant acme". */
    String label() {
        return tenant == null ? named.value() : named + " of tenant " + tenant;
    }
}
