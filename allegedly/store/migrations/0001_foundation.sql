-- 0001 foundation: articles, what cleaning cut, entities, dateline dates, runs and errors.
--
-- Plain tables and TEXT JSON on purpose: Datasette, pandas.read_sql and sqlite3
-- open the file as it is. Child tables reference articles(id) ON DELETE CASCADE so
-- `ingest --force` can replace an article by deleting it; later migrations that
-- add per-article tables must do the same.
-- Spans: start/"end" are character offsets into articles.text (the cleaned body),
-- except removals.start/"end", which point into the raw body (removals.at is the
-- cut's place in the cleaned text).

CREATE TABLE runs (
    id               INTEGER PRIMARY KEY,
    started_at       TEXT NOT NULL,
    finished_at      TEXT,
    stored           INTEGER NOT NULL DEFAULT 0,
    already_stored   INTEGER NOT NULL DEFAULT 0,
    errors           INTEGER NOT NULL DEFAULT 0,
    skipped          INTEGER NOT NULL DEFAULT 0,   -- input files skipped (not articles)
    pipeline_version TEXT,
    model            TEXT,
    inputs           TEXT,                          -- JSON list of the paths given
    status           TEXT NOT NULL DEFAULT 'running' -- running | done | interrupted | failed
);

CREATE TABLE articles (
    -- pk aliases the rowid so the external-content FTS index keeps pointing at the
    -- right row after VACUUM (a rowid that is not aliased may be renumbered).
    pk                  INTEGER PRIMARY KEY,
    id                  TEXT NOT NULL UNIQUE,
    title               TEXT NOT NULL,
    outlet              TEXT,
    publisher           TEXT,
    url                 TEXT,
    published           TEXT,
    dateline_place      TEXT,
    dateline_agency     TEXT,
    dateline_consistent INTEGER,                    -- 1, 0, or NULL (fewer than two dates)
    dateline            TEXT,                       -- JSON: Dateline.as_dict()
    text                TEXT NOT NULL,
    source              TEXT,
    ingested_at         TEXT NOT NULL,
    pipeline_version    TEXT,
    run_id              INTEGER REFERENCES runs(id) ON DELETE SET NULL,
    record              TEXT NOT NULL               -- JSON: ArticleRecord.as_dict(), lossless
);
CREATE INDEX articles_published ON articles(published);
CREATE INDEX articles_outlet ON articles(outlet);
CREATE INDEX articles_source ON articles(source);

CREATE TABLE removals (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,
    text       TEXT NOT NULL,
    reason     TEXT NOT NULL,
    start      INTEGER,
    "end"      INTEGER,
    at         INTEGER,
    PRIMARY KEY (article_id, seq)
);
CREATE INDEX removals_reason ON removals(reason);

CREATE TABLE entities (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,
    text       TEXT NOT NULL,
    type       TEXT NOT NULL,
    label      TEXT,
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    ref_id     TEXT,                                -- geonames:123 | actor:islamic_state
    name       TEXT,
    lat        REAL,
    lon        REAL,
    country    TEXT,
    feature    TEXT,
    source     TEXT,
    confidence REAL,
    PRIMARY KEY (article_id, seq)
);
CREATE INDEX entities_type ON entities(type);
CREATE INDEX entities_ref ON entities(ref_id);
CREATE INDEX entities_name ON entities(name);

CREATE TABLE dateline_dates (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,
    text       TEXT NOT NULL,
    calendar   TEXT NOT NULL,
    iso        TEXT,
    start      INTEGER,
    "end"      INTEGER,
    PRIMARY KEY (article_id, seq)
);

CREATE TABLE ingest_errors (
    id      INTEGER PRIMARY KEY,
    run_id  INTEGER REFERENCES runs(id) ON DELETE SET NULL,
    source  TEXT NOT NULL,
    problem TEXT NOT NULL,
    at      TEXT NOT NULL
);
CREATE INDEX ingest_errors_run ON ingest_errors(run_id);

CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, text,
    content = 'articles', content_rowid = 'pk',
    tokenize = 'porter unicode61 remove_diacritics 2'
);

CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.pk, new.title, new.text);
END;

CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text)
    VALUES ('delete', old.pk, old.title, old.text);
END;

CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text)
    VALUES ('delete', old.pk, old.title, old.text);
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.pk, new.title, new.text);
END;

-- Grounded places, one row per mention, with the article they come from.
CREATE VIEW places AS
SELECT e.article_id, a.title, a.published, e.text, e.name, e.ref_id, e.country,
       e.lat, e.lon, e.feature, e.start, e."end", e.confidence
FROM entities e JOIN articles a ON a.id = e.article_id
WHERE e.type = 'place' AND e.lat IS NOT NULL AND e.lon IS NOT NULL;

-- One row per article with counts, for browsing.
CREATE VIEW article_overview AS
SELECT a.id, a.title, a.outlet, a.publisher, a.published, a.dateline_place,
       a.dateline_consistent, a.source, length(a.text) AS chars,
       (SELECT count(*) FROM entities e WHERE e.article_id = a.id) AS entities,
       (SELECT count(*) FROM removals r WHERE r.article_id = a.id) AS removals
FROM articles a;

-- Every grounded name with how many articles mention it.
CREATE VIEW entity_counts AS
SELECT type, coalesce(name, text) AS name, ref_id, country,
       count(DISTINCT article_id) AS articles, count(*) AS mentions
FROM entities
GROUP BY type, coalesce(name, text), ref_id, country;
