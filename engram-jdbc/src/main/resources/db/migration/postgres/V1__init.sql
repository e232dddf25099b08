-- Engram schema for PostgreSQL. Times are epoch milliseconds; embeddings are float32 little-endian bytea.
-- Keep in step with ../sqlite/V1__init.sql: the store runs the same query text on both.

-- One value per write to any user's memory; never reused, so a revision identifies one state.
CREATE SEQUENCE revision_counter;

CREATE TABLE users (
    user_id    TEXT PRIMARY KEY,
    revision   BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE turns (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id    TEXT   NOT NULL REFERENCES users (user_id),
    session_id TEXT   NOT NULL,
    role       TEXT   NOT NULL CHECK (role IN ('USER', 'ASSISTANT')),
    text       TEXT   NOT NULL,
    at         BIGINT NOT NULL,
    embedding  BYTEA
);
CREATE INDEX turns_user_at ON turns (user_id, at, id);
CREATE INDEX turns_user_session ON turns (user_id, session_id, at, id);

CREATE TABLE facts (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id        TEXT             NOT NULL REFERENCES users (user_id),
    statement      TEXT             NOT NULL CHECK (length(statement) > 0),
    fact_key       TEXT,
    subject        TEXT             NOT NULL,
    source_session TEXT,
    source_turn    BIGINT,
    confidence     DOUBLE PRECISION NOT NULL CHECK (confidence >= 0 AND confidence <= 1),
    created_at     BIGINT           NOT NULL,
    updated_at     BIGINT           NOT NULL,
    valid_from     BIGINT           NOT NULL,
    invalid_at     BIGINT,
    embedding      BYTEA,
    attributes     JSONB            NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX facts_user ON facts (user_id, id);
CREATE INDEX facts_user_key ON facts (user_id, fact_key);

CREATE TABLE fact_history (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    fact_id        BIGINT NOT NULL REFERENCES facts (id) ON DELETE CASCADE,
    user_id        TEXT   NOT NULL REFERENCES users (user_id),
    kind           TEXT   NOT NULL CHECK (kind IN ('ADDED', 'UPDATED', 'INVALIDATED', 'EDITED')),
    before_text    TEXT,
    after_text     TEXT   NOT NULL,
    at             BIGINT NOT NULL,
    source_session TEXT,
    source_turn    BIGINT
);
CREATE INDEX fact_history_user_fact ON fact_history (user_id, fact_id, id);
CREATE INDEX fact_history_fact ON fact_history (fact_id);

CREATE TABLE summaries (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id    TEXT    NOT NULL REFERENCES users (user_id),
    session_id TEXT,
    text       TEXT    NOT NULL,
    long_term  BOOLEAN NOT NULL,
    created_at BIGINT  NOT NULL,
    embedding  BYTEA,
    CHECK ((long_term AND session_id IS NULL) OR (NOT long_term AND session_id IS NOT NULL))
);
CREATE INDEX summaries_user ON summaries (user_id, long_term, created_at, id);
CREATE UNIQUE INDEX summaries_one_long_term ON summaries (user_id) WHERE long_term;

CREATE TABLE entities (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id    TEXT   NOT NULL REFERENCES users (user_id),
    name       TEXT   NOT NULL CHECK (length(name) > 0),
    name_norm  TEXT   NOT NULL,
    type       TEXT,
    notes      TEXT   NOT NULL DEFAULT '',
    updated_at BIGINT NOT NULL,
    embedding  BYTEA,
    UNIQUE (user_id, name_norm)
);

CREATE TABLE jobs (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id     TEXT    NOT NULL REFERENCES users (user_id),
    type        TEXT    NOT NULL CHECK (length(type) BETWEEN 1 AND 64),
    payload     TEXT    NOT NULL,
    status      TEXT    NOT NULL CHECK (status IN ('PENDING', 'RUNNING', 'DONE', 'DEAD')),
    attempts    INTEGER NOT NULL DEFAULT 0,
    run_at      BIGINT  NOT NULL,
    lease_until BIGINT,
    locked_by   TEXT,
    last_error  TEXT,
    created_at  BIGINT  NOT NULL,
    updated_at  BIGINT  NOT NULL
);
CREATE INDEX jobs_user_status ON jobs (user_id, status);
CREATE INDEX jobs_status_run_at ON jobs (status, run_at, id);
