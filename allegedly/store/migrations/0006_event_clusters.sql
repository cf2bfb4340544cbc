-- 0006 event clusters: report families (stories) grouped by the real-world happening they cover.
--
-- A story is one report family (an original report with its copies, crediting rewrites and
-- quoting pages); an event cluster is all coverage of one happening, made of one or more
-- families. Its corroboration is the number of families with distinct origins.

CREATE TABLE event_clusters (
    id                TEXT PRIMARY KEY,   -- the id of its first-arrived story
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
    story_id    TEXT PRIMARY KEY REFERENCES stories(id) ON DELETE CASCADE,
    cluster_id  TEXT NOT NULL REFERENCES event_clusters(id) ON DELETE CASCADE,
    score       REAL NOT NULL           -- evidence for joining (1.0 for the cluster's first story)
);
CREATE INDEX event_cluster_members_cluster ON event_cluster_members(cluster_id);
