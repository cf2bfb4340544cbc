-- 0010 fetches: what `allegedly collect` found, fetched or read, one row per normalised URL.
--
-- The row is the crawl's memory: a rerun fetches only URLs still queued (or failed fewer
-- than three times), and revalidates feeds, sitemaps and robots.txt with the ETag and
-- Last-Modified kept here (conditional GET). A URL found in a feed is queued before it is
-- fetched, so a run stopped half-way leaves the rest queued for the next one.

CREATE TABLE fetches (
    url           TEXT PRIMARY KEY,   -- normalised (courlan): no tracking parameters, no fragment
    kind          TEXT NOT NULL,      -- page | feed | sitemap | robots | warc
    state         TEXT NOT NULL,      -- queued | stored | duplicate | skipped | read | unchanged
                                      -- | gone | failed | disallowed
    via           TEXT,               -- the feed, sitemap, list or WARC file that named it
    listed_title  TEXT,               -- the title and date the feed or sitemap gave
    listed_date   TEXT,
    status        INTEGER,            -- HTTP status of the last answer (304 kept as such)
    final_url     TEXT,               -- after redirects
    content_type  TEXT,
    etag          TEXT,
    last_modified TEXT,
    fetched_at    TEXT,               -- when it was fetched (a WARC record's WARC-Date)
    article_id    TEXT,               -- the article it gave (no foreign key: ingest --force replaces articles)
    reason        TEXT,               -- why it was skipped or failed
    attempts      INTEGER NOT NULL DEFAULT 0,
    run_id        INTEGER REFERENCES runs(id) ON DELETE SET NULL,
    queued_at     TEXT NOT NULL,
    body          TEXT                -- robots.txt only, so that a 304 can reuse it
);
CREATE INDEX fetches_state ON fetches(state);
CREATE INDEX fetches_article ON fetches(article_id);
