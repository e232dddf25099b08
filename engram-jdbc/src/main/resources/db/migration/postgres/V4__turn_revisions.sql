-- Lets a search index catch up with new turns instead of reloading a user's whole memory:
-- turns.revision is the user revision that wrote or last changed the turn, and
-- users.memory_revision is the revision of the last write to anything but turns (or of the
-- user's creation). While memory_revision stays the same, only turns changed.
ALTER TABLE users ADD COLUMN memory_revision BIGINT NOT NULL DEFAULT 0;
ALTER TABLE turns ADD COLUMN revision BIGINT NOT NULL DEFAULT 0;
CREATE INDEX turns_user_revision ON turns (user_id, revision);
