package dev.engram.store;

import static java.util.Objects.requireNonNull;

import dev.engram.memory.Job;
import dev.engram.memory.UserId;
import dev.engram.tenant.ApiKeys;
import dev.engram.tenant.IssuedKey;
import dev.engram.tenant.KeyInfo;
import dev.engram.tenant.Tenant;
import dev.engram.tenant.TenantFact;
import dev.engram.tenant.TenantJob;
import dev.engram.tenant.TenantStore;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * {@link TenantStore} over JDBC in the same database as the memory store (tables {@code tenants},
 * {@code api_keys}, {@code tenant_users}), on SQLite or PostgreSQL. Internal user ids are
 * {@code t-} and 24 random hex digits. Thread safe.
 */
public final class JdbcTenantStore implements TenantStore {
    private static final String INTERNAL_PREFIX = "t-";

    /** How long a read of the stored revocation count is reused. */
    static final long REVOCATIONS_REFRESH_NANOS = 500_000_000L;
    private static final String REVOCATIONS_KEY = "key_revocations";

    private final TransactionRunner transactions;
    private final ApiKeys keys = new ApiKeys();
    private final SecureRandom random = new SecureRandom();
    /** Revocations made through this store: they must count at once, before the next stored read. */
    private final AtomicLong revokedHere = new AtomicLong();
    private final Object storedLock = new Object();
    private long stored;
    private long storedReadAt;
    private boolean storedRead;

    /** Works in the memory store's database and transactions (see {@link JdbcMemoryStore#tenants()}). */
    JdbcTenantStore(TransactionRunner transactions) {
        this.transactions = requireNonNull(transactions, "transactions must not be null");
    }

    @Override
    public IssuedKey createKey(String tenantName, Instant now) {
        Tenant.checkName(tenantName);
        requireNonNull(now, "now must not be null");
        String secret = keys.newKey();
        String prefix = ApiKeys.shown(secret);
        return transactions.write("create a key for tenant " + tenantName, connection -> {
            Statements.update(connection, "INSERT INTO tenants (name, created_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
                    tenantName, now.toEpochMilli());
            long tenantId = Statements.queryLong(connection, "SELECT id FROM tenants WHERE name = ?", tenantName);
            long keyId = Statements.insert(connection, "INSERT INTO api_keys (tenant_id, key_hash, prefix, created_at)"
                    + " VALUES (?, ?, ?, ?) RETURNING id", tenantId, ApiKeys.hash(secret), prefix, now.toEpochMilli());
            return new IssuedKey(keyId, new Tenant(tenantId, tenantName), prefix, secret);
        });
    }

    @Override
    public Optional<Tenant> tenantNamed(String name) {
        Tenant.checkName(name);
        return transactions.read("find tenant " + name, connection -> Statements.one(connection,
                "SELECT id, name FROM tenants WHERE name = ?", row -> new Tenant(row.getLong(1), row.getString(2)), name));
    }

    @Override
    public Optional<Tenant> tenantByKeyHash(String keyHash) {
        requireNonNull(keyHash, "keyHash must not be null");
        return transactions.read("look up an API key", connection -> Statements.one(connection,
                "SELECT t.id, t.name FROM api_keys k JOIN tenants t ON t.id = k.tenant_id"
                        + " WHERE k.key_hash = ? AND k.revoked_at IS NULL",
                row -> new Tenant(row.getLong(1), row.getString(2)), keyHash));
    }

    @Override
    public boolean revokeKey(long keyId, Instant now) {
        boolean revoked = transactions.write("revoke key " + keyId, connection -> {
            if (Statements.update(connection, "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                    now.toEpochMilli(), keyId) == 0) {
                return false;
            }
            // Counted under the row's lock, so that concurrent revocations never write the same number.
            Statements.update(connection, "INSERT INTO engram_meta (meta_key, meta_value) VALUES (?, '0')"
                    + " ON CONFLICT (meta_key) DO NOTHING", REVOCATIONS_KEY);
            Statements.update(connection, "UPDATE engram_meta SET meta_value = CAST(CAST(meta_value AS BIGINT) + 1 AS TEXT)"
                    + " WHERE meta_key = ?", REVOCATIONS_KEY);
            return true;
        });
        if (revoked) {
            revokedHere.incrementAndGet();
        }
        return revoked;
    }

    /**
     * {@inheritDoc} The stored count (every process's revocations) is read at most every {@link
     * #REVOCATIONS_REFRESH_NANOS}; this store's own revocations are added at once. Both only grow,
     * so their sum changes whenever either does.
     */
    @Override
    public long revocations() {
        synchronized (storedLock) {
            long now = System.nanoTime();
            if (!storedRead || now - storedReadAt >= REVOCATIONS_REFRESH_NANOS) {
                stored = transactions.read("read the count of revoked keys", connection -> Statements.one(connection,
                        "SELECT meta_value FROM engram_meta WHERE meta_key = ?", row -> Long.parseLong(row.getString(1)),
                        REVOCATIONS_KEY).orElse(0L));
                storedReadAt = now;
                storedRead = true;
            }
            return stored + revokedHere.get();
        }
    }

    @Override
    public List<KeyInfo> keys() {
        return transactions.read("list API keys", connection -> Statements.list(connection,
                "SELECT k.id, t.name, k.prefix, k.created_at, k.revoked_at FROM api_keys k"
                        + " JOIN tenants t ON t.id = k.tenant_id ORDER BY k.id",
                row -> {
                    Long revoked = Statements.nullableLong(row, "revoked_at");
                    return new KeyInfo(row.getLong(1), row.getString(2), row.getString(3),
                            Instant.ofEpochMilli(row.getLong(4)), revoked == null ? null : Instant.ofEpochMilli(revoked));
                }));
    }

    /** {@inheritDoc} An empty {@code statuses} gives an empty list. */
    @Override
    public List<TenantJob> jobs(Tenant tenant, List<Job.Status> statuses, int limit) {
        requireNonNull(tenant, "tenant must not be null");
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive, was " + limit);
        }
        List<Job.Status> wanted = List.copyOf(statuses);
        if (wanted.isEmpty()) {
            return List.of();
        }
        List<Object> params = new ArrayList<>();
        params.add(tenant.id());
        wanted.forEach(status -> params.add(status.name()));
        params.add(limit);
        String columns = Arrays.stream(Rows.JOB.split(", ")).map(c -> "j." + c).collect(Collectors.joining(", "));
        return transactions.read("list the jobs of tenant " + tenant.name(), connection -> Statements.list(connection,
                "SELECT " + columns + ", tu.external_id FROM jobs j JOIN tenant_users tu ON tu.user_id = j.user_id"
                        + " WHERE tu.tenant_id = ? AND j.status IN (" + "?, ".repeat(wanted.size() - 1) + "?)"
                        + " ORDER BY j.created_at, j.id LIMIT ?",
                row -> new TenantJob(new UserId(row.getString("external_id")), Rows.job(row)), params.toArray()));
    }

    @Override
    public Optional<UserId> findUser(Tenant tenant, UserId externalId) {
        requireNonNull(tenant, "tenant must not be null");
        requireNonNull(externalId, "externalId must not be null");
        return transactions.read("find user " + externalId + " of tenant " + tenant.name(), connection -> Statements.one(
                connection, "SELECT user_id FROM tenant_users WHERE tenant_id = ? AND external_id = ?",
                row -> new UserId(row.getString(1)), tenant.id(), externalId.value()));
    }

    @Override
    public UserId resolveUser(Tenant tenant, UserId externalId, Instant now) {
        Optional<UserId> known = findUser(tenant, externalId);
        if (known.isPresent()) {
            return known.get();
        }
        String candidate = INTERNAL_PREFIX + HexFormat.of().formatHex(randomBytes(12));
        return transactions.write("add user " + externalId + " to tenant " + tenant.name(), connection -> {
            // A concurrent first write may have mapped the user meanwhile: keep whichever id came first.
            Statements.update(connection, "INSERT INTO tenant_users (tenant_id, external_id, user_id, created_at)"
                            + " VALUES (?, ?, ?, ?) ON CONFLICT (tenant_id, external_id) DO NOTHING",
                    tenant.id(), externalId.value(), candidate, now.toEpochMilli());
            return Statements.one(connection, "SELECT user_id FROM tenant_users WHERE tenant_id = ? AND external_id = ?",
                    row -> new UserId(row.getString(1)), tenant.id(), externalId.value()).orElseThrow();
        });
    }

    @Override
    public Optional<TenantFact> fact(Tenant tenant, long factId) {
        requireNonNull(tenant, "tenant must not be null");
        return transactions.read("find fact " + factId + " of tenant " + tenant.name(), connection -> Statements.one(
                connection, "SELECT tu.external_id, f.id FROM facts f JOIN tenant_users tu ON tu.user_id = f.user_id"
                        + " WHERE tu.tenant_id = ? AND f.id = ?", JdbcTenantStore::tenantFact, tenant.id(), factId));
    }

    @Override
    public List<TenantFact> factsByOrigin(Tenant tenant, String originId) {
        requireNonNull(tenant, "tenant must not be null");
        requireNonNull(originId, "originId must not be null");
        return transactions.read("find the facts imported as " + originId + " by tenant " + tenant.name(), connection ->
                Statements.list(connection, "SELECT tu.external_id, f.id FROM facts f JOIN tenant_users tu"
                        + " ON tu.user_id = f.user_id WHERE tu.tenant_id = ? AND f.origin_id = ? ORDER BY tu.external_id",
                        JdbcTenantStore::tenantFact, tenant.id(), originId));
    }

    private static TenantFact tenantFact(ResultSet row) throws SQLException {
        return new TenantFact(new UserId(row.getString(1)), row.getLong(2));
    }

    @Override
    public boolean forgetUser(Tenant tenant, UserId externalId) {
        return transactions.write("remove user " + externalId + " from tenant " + tenant.name(), connection ->
                Statements.update(connection, "DELETE FROM tenant_users WHERE tenant_id = ? AND external_id = ?",
                        tenant.id(), externalId.value()) > 0);
    }

    private byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }
}
