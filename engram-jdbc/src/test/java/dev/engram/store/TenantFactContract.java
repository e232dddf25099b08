package dev.engram.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.memory.Fact;
import dev.engram.memory.MemoryExport;
import dev.engram.memory.MemoryStore;
import dev.engram.memory.NewFact;
import dev.engram.memory.Provenance;
import dev.engram.memory.UserId;
import dev.engram.tenant.Tenant;
import dev.engram.tenant.TenantFact;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Finding a fact among an API tenant's users, which the mem0-compatible API leans on; run on both databases. */
interface TenantFactContract {
    Instant AT = Instant.parse("2025-03-01T10:00:00Z");
    String TENANT_ORIGIN = "0b7a3c5e-1f2d-4c9a-9a51-2f6f3b1b9a10";

    /** The store under test, fresh and empty. */
    MemoryStore store();

    private MemoryStore s() {
        return store();
    }

    @Test
    default void tenantFacts_areFoundByIdOrOriginAmongTheTenantsOwnUsersOnly() {
        JdbcTenantStore tenants = ((JdbcMemoryStore) s()).tenants();
        tenants.createKey("acme", AT);
        tenants.createKey("globex", AT);
        Tenant acme = tenants.tenantNamed("acme").orElseThrow();
        Tenant globex = tenants.tenantNamed("globex").orElseThrow();
        UserId acmeAlice = tenants.resolveUser(acme, UserId.of("alice"), AT);
        UserId globexAlice = tenants.resolveUser(globex, UserId.of("alice"), AT);
        MemoryExport data = new MemoryExport(MemoryExport.FORMAT_VERSION, "alice", AT, List.of(new MemoryExport.ExportedFact(
                0, "Likes cricket.", null, "user", null, null, 1, AT, AT, AT, null, List.of(), null, TENANT_ORIGIN)),
                List.of(), List.of(), List.of());
        s().importMemory(acmeAlice, data, text -> null);
        Fact acmes = s().facts(acmeAlice, true).get(0);
        Fact globexes = s().addFact(globexAlice, new NewFact("Likes chess.", null, Provenance.NONE, 1, AT, null));

        assertThat(tenants.fact(acme, acmes.id())).contains(new TenantFact(UserId.of("alice"), acmes.id()));
        assertThat(tenants.fact(acme, globexes.id())).isEmpty();
        assertThat(tenants.factsByOrigin(acme, TENANT_ORIGIN)).containsExactly(new TenantFact(UserId.of("alice"), acmes.id()));
        assertThat(tenants.factsByOrigin(globex, TENANT_ORIGIN)).isEmpty();
        assertThat(tenants.tenantNamed("initech")).isEmpty();
    }
}
