-- 0004 stories: articles clustered into stories, the copy graph, claims matched across articles.
--
-- story_members holds each article's MinHash signatures (uint32 BLOBs) so the
-- LSH index is rebuilt from the store without re-reading text; story_links the
-- verified article pairs (the union of which makes the stories). stories,
-- copy_edges, story_claims and claim_appearances are derived per story and
-- rewritten whenever one of its articles arrives (`allegedly stories --rebuild`
-- recomputes everything).

CREATE TABLE story_members (
    article_id  TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    story_id    TEXT NOT NULL,
    seq         INTEGER NOT NULL,       -- arrival order: the older story keeps its id on a merge
    published   TEXT,
    size        INTEGER NOT NULL,       -- shingles
    bag_size    INTEGER NOT NULL,       -- content words
    text_sig    BLOB NOT NULL,
    bag_sig     BLOB NOT NULL,
    entities    TEXT NOT NULL           -- JSON list of normalised names
);
CREATE INDEX story_members_story ON story_members(story_id);

CREATE TABLE story_links (
    article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,  -- the later arrival
    other_id    TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,          -- copy | rewrite
    score       REAL NOT NULL,
    PRIMARY KEY (article_id, other_id)
);

CREATE TABLE stories (
    id                TEXT PRIMARY KEY,  -- the id of the story's first-arrived article
    title             TEXT NOT NULL,
    origin_article    TEXT,
    origin_name       TEXT,              -- may be an outlet outside the store (Sky News)
    origin_via        TEXT,              -- the member outlet relaying an external origin
    origin_basis      TEXT,              -- cited | earliest | text | only (one-article story)
    article_count     INTEGER NOT NULL,
    independent_count INTEGER NOT NULL,
    updated_at        TEXT NOT NULL
);

CREATE TABLE copy_edges (
    story_id  TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    source    TEXT NOT NULL,            -- upstream article
    target    TEXT NOT NULL,            -- the article that copied, rewrote or cites it
    kind      TEXT NOT NULL,            -- copy | rewrite | cites
    score     REAL NOT NULL
);
CREATE INDEX copy_edges_story ON copy_edges(story_id);

CREATE TABLE story_claims (
    story_id          TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    claim_group       INTEGER NOT NULL,
    text              TEXT NOT NULL,
    appearances       INTEGER NOT NULL,
    independent_count INTEGER NOT NULL,
    origins           TEXT NOT NULL,    -- JSON list of origin labels
    PRIMARY KEY (story_id, claim_group)
);

CREATE TABLE claim_appearances (
    story_id     TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    claim_group  INTEGER NOT NULL,
    article_id   TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    claim_seq    INTEGER NOT NULL,      -- index into the article's claims
    outlet       TEXT,
    status       TEXT NOT NULL,         -- asserted | reported | alleged | … as that outlet has it
    text         TEXT NOT NULL,
    origin_key   TEXT NOT NULL,
    origin_label TEXT NOT NULL
);
CREATE INDEX claim_appearances_story ON claim_appearances(story_id, claim_group);
CREATE INDEX claim_appearances_article ON claim_appearances(article_id);
