-- Tables whose deleted rows must be scrubbed off the disk: an erase or a forget records the tables
-- it deleted from in its own transaction, and the store scrubs them right after it commits (and at
-- every start, for a scrub that a crash or a lock timeout left undone). SQLite scrubs with
-- secure_delete and a WAL checkpoint that truncates the log; PostgreSQL with VACUUM FULL, which
-- rewrites the table so that dead tuples leave its files. Keep in step with ../postgres/V7__scrub_requests.sql.
-- generation grows with every request for the table, so that a scrub clears only the requests it saw.
CREATE TABLE scrub_requests (
    table_name TEXT PRIMARY KEY,
    generation BIGINT NOT NULL
);
