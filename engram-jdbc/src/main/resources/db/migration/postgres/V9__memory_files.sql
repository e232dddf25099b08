-- Files that Claude's memory tool (memory_20250818) keeps for a user, by path under /memories.
-- Directories are the prefixes of paths. version grows with every change of content, so that an
-- edit can check that nobody changed the file since it was read. Keep in step with
-- ../sqlite/V9__memory_files.sql. (V8 is left to another branch.)
CREATE TABLE memory_files (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id    TEXT   NOT NULL REFERENCES users (user_id),
    path       TEXT   NOT NULL CHECK (length(path) BETWEEN 11 AND 1024),
    content    TEXT   NOT NULL,
    version    BIGINT NOT NULL CHECK (version >= 1),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    embedding  BYTEA,
    UNIQUE (user_id, path)
);
