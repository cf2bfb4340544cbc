-- 0006 event clusters: report families (stories) grouped by the real-world happening they cover.
--
-- A story is one report family (an original report with its copies, crediting rewrites and
-- quoting pages); an event cluster is all coverage of one happening, made of one or more
-- families. Its corroboration is the number of families with distinct origins.
-- No foreign keys to stories: a story's row is rewritten whenever one of its articles
-- arrives, and a cascade would drop its cluster membership each time.

CREATE TABLE event_clusters (
    id                TEXT PRIMARY KEY,   -- the id of the article (and story) that opened it
    title             TEXT NOT NULL,
    first_date        TEXT,               -- earliest publication date among its articles
    last_date         TEXT,
    story_count       INTEGER NOT NULL,   -- report families
    article_count     INTEGER NOT NULL,
    independent_count INTEGER NOT NULL,   -- families with distinct origins
    sources           TEXT NOT NULL,      -- JSON list of the distinct underlying origins
    updated_at        TEXT NOT NULL
);

CREATE TABLE event_cluster_members (
    story_id    TEXT PRIMARY KEY,
    cluster_id  TEXT NOT NULL,
    score       REAL NOT NULL           -- evidence for joining (1.0 for the cluster's first story)
);
CREATE INDEX event_cluster_members_cluster ON event_cluster_members(cluster_id);

-- What the event index keeps per article (no text), so it is rebuilt from the store.
CREATE TABLE event_cluster_articles (
    article_id  TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    cluster_id  TEXT NOT NULL,
    seq         INTEGER NOT NULL,       -- arrival order
    day         INTEGER,                -- proleptic ordinal of the publication date
    score       REAL NOT NULL,          -- cosine with the centroid it joined (1.0: opened it or followed its family)
    bag         TEXT NOT NULL,          -- JSON {key: weight}: stemmed words, "@names"
    prior       TEXT NOT NULL           -- JSON {key: share of articles expected to hold it} (wordfreq)
);
CREATE INDEX event_cluster_articles_cluster ON event_cluster_articles(cluster_id);

-- Report-family evidence beyond whole-page similarity (stories/index.py), kept per article
-- so the story index is rebuilt from the store: sampled 8-word shingles (uint32 BLOB), the
-- page's own outlet and the outlet it credits (name keys).
ALTER TABLE story_members ADD COLUMN passages BLOB;
ALTER TABLE story_members ADD COLUMN outlet_key TEXT;
ALTER TABLE story_members ADD COLUMN credit TEXT;
