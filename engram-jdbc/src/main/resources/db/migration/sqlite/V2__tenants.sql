-- Tenants of the HTTP API, their keys (only a SHA-256 hash of each key is kept) and the users each
-- tenant has: a tenant names its users with its own ids, mapped here to internal user ids, so that
-- two tenants can each have an "alice" and can never reach each other's. Keep in step with
-- ../postgres/V2__tenants.sql.

CREATE TABLE tenants (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    name       TEXT    NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 64),
    created_at INTEGER NOT NULL
);

CREATE TABLE api_keys (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant_id  INTEGER NOT NULL REFERENCES tenants (id),
    key_hash   TEXT    NOT NULL UNIQUE,
    prefix     TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
);

CREATE TABLE tenant_users (
    tenant_id   INTEGER NOT NULL REFERENCES tenants (id),
    external_id TEXT    NOT NULL,
    user_id     TEXT    NOT NULL UNIQUE,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, external_id)
);
