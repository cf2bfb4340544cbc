-- 0011 index state: the story and event-cluster indexes saved in the store, so a later run
-- starts from them and replays only the articles stored since (store/index_state.py).
--
-- Each index holds only what its time window keeps (stories/index.py RETAIN, the event
-- window), so a state stays bounded however large the store grows. ``seq`` and
-- ``article_id`` name the last arrival the state includes (story_members.seq, resp.
-- event_cluster_articles.seq), ``row_count`` the rows up to it: a state whose rows have
-- since changed (a rebuild, ingest --force) is not used.

CREATE TABLE index_state (
    name        TEXT PRIMARY KEY,        -- stories | events
    format      INTEGER NOT NULL,        -- layout version of ``state``
    seq         INTEGER NOT NULL,
    article_id  TEXT NOT NULL,
    row_count   INTEGER NOT NULL,
    state       BLOB NOT NULL,           -- the index, serialised (restricted unpickling)
    updated_at  TEXT NOT NULL
);

-- The arrival order is read by seq on every stored article (the next seq, the last
-- arrival, the rows after a saved state): without an index each read scans the table.
CREATE INDEX story_members_seq ON story_members(seq);
CREATE INDEX event_cluster_articles_seq ON event_cluster_articles(seq);
