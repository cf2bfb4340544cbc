-- 0013 lede embeddings: each article's title-and-lede embedding (stories/embedding.py: a static
-- model, float16 bytes), kept beside its event bag so the event index rebuilt from the store
-- scores joins as ingest did. NULL for rows stored before it: they are matched by their bag only.
ALTER TABLE event_cluster_articles ADD COLUMN embedding BLOB;
