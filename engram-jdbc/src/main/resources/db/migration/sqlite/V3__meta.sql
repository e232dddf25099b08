-- Facts about the database itself, one value per key. 'embedding_model' names the model that made
-- the stored embeddings, so that a different model is refused instead of compared silently.
CREATE TABLE engram_meta (
    meta_key   TEXT PRIMARY KEY,
    meta_value TEXT NOT NULL
);
