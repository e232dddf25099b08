-- The id a fact had in the system it was imported from (a mem0 memory id), so that an application
-- that kept those ids can still name the fact after the import. NULL for facts made in Engram.
-- Unique per user, so that importing the same file twice cannot add a fact twice; the second index
-- finds a fact by that id among a tenant's users. Attributes (mem0's metadata) already have their
-- column, facts.attributes, since V1. Keep in step with ../postgres/V8__fact_origin_ids.sql.
ALTER TABLE facts ADD COLUMN origin_id TEXT CHECK (origin_id IS NULL OR length(origin_id) BETWEEN 1 AND 128);
CREATE UNIQUE INDEX facts_user_origin ON facts (user_id, origin_id) WHERE origin_id IS NOT NULL;
CREATE INDEX facts_origin ON facts (origin_id) WHERE origin_id IS NOT NULL;
