-- Databases embedded before the model was recorded (V3) were embedded with MiniLM, the only
-- default then. Record it, so that a database with stored vectors but no record is never taken for
-- a new one and given another model's vectors.
INSERT INTO engram_meta (meta_key, meta_value)
SELECT 'embedding_model', 'minilm'
WHERE NOT EXISTS (SELECT 1 FROM engram_meta WHERE meta_key = 'embedding_model')
  AND (EXISTS (SELECT 1 FROM turns WHERE embedding IS NOT NULL)
       OR EXISTS (SELECT 1 FROM facts WHERE embedding IS NOT NULL)
       OR EXISTS (SELECT 1 FROM summaries WHERE embedding IS NOT NULL)
       OR EXISTS (SELECT 1 FROM entities WHERE embedding IS NOT NULL));
