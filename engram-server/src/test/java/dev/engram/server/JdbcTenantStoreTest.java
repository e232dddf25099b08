package dev.engram.server;

import dev.engram.tenant.ApiKeys;
import dev.engram.tenant.KeyInfo;
import dev.engram.tenant.IssuedKey;
import dev.engram.tenant.Tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.engram.memory.UserId;
import dev.engram.store.JdbcMemoryStore;
import dev.engram.store.StoreFactory;
import dev.engram.tenant.TenantStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The tenant store on SQLite and on PostgreSQL: keys by hash only, and per-tenant user mappings. */
@Timeout(60)
class JdbcTenantStoreTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;

    @Test
    void sqlite() throws Exception {
        try (TestDatabase db = TestDatabase.sqlite(dir); JdbcMemoryStore memory = StoreFactory.open(db.url(), null)) {
            contract(memory.tenants(), db);
        }
    }

    @Test
    void postgres() throws Exception {
        try (TestDatabase db = TestDatabase.postgres(); JdbcMemoryStore memory = StoreFactory.open(db.url(), null)) {
            contract(memory.tenants(), db);
        }
    }

    private void contract(TenantStore store, TestDatabase db) throws Exception {
        IssuedKey key = store.createKey("acme", NOW);
        assertThat(key.secret()).startsWith(ApiKeys.PREFIX).hasSizeGreaterThan(40);
        assertThat(store.tenantByKeyHash(ApiKeys.hash(key.secret()))).contains(key.tenant());
        assertThat(store.tenantByKeyHash(ApiKeys.hash(key.secret() + "x"))).isEmpty();
        // Only the hash is stored: the secret appears in no column.
        try (var c = db.connect(); var s = c.createStatement(); var rows = s.executeQuery("SELECT * FROM api_keys")) {
            while (rows.next()) {
                for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
                    assertThat(String.valueOf(rows.getObject(i))).doesNotContain(key.secret());
                }
            }
        }
        IssuedKey second = store.createKey("acme", NOW);
        assertThat(second.tenant()).isEqualTo(key.tenant());
        assertThat(store.revokeKey(key.keyId(), NOW)).isTrue();
        assertThat(store.revokeKey(key.keyId(), NOW)).isFalse();
        assertThat(store.tenantByKeyHash(ApiKeys.hash(key.secret()))).isEmpty();
        assertThat(store.keys()).extracting(KeyInfo::revokedAt).containsExactly(NOW, null);
        assertThatThrownBy(() -> store.createKey("../etc", NOW)).isInstanceOf(IllegalArgumentException.class);

        Tenant acme = key.tenant();
        Tenant globex = store.createKey("globex", NOW).tenant();
        UserId alice = UserId.of("alice");
        assertThat(store.findUser(acme, alice)).isEmpty();
        UserId acmeAlice = store.resolveUser(acme, alice, NOW);
        assertThat(store.resolveUser(acme, alice, NOW)).isEqualTo(acmeAlice);
        UserId globexAlice = store.resolveUser(globex, alice, NOW);
        assertThat(globexAlice).isNotEqualTo(acmeAlice);
        assertThat(acmeAlice.value()).startsWith("t-");

        List<UserId> concurrent = ConcurrencyTest.inParallel(8, i -> store.resolveUser(acme, UserId.of("bob"), NOW));
        assertThat(new HashSet<>(concurrent)).hasSize(1);

        assertThat(store.forgetUser(acme, alice)).isTrue();
        assertThat(store.forgetUser(acme, alice)).isFalse();
        assertThat(store.findUser(acme, alice)).isEmpty();
        assertThat(store.findUser(globex, alice)).contains(globexAlice);
    }
}
