-- 0002 provenance: claims with status, cues and source chains; quotes; chain hops.
-- start/"end" are character offsets into articles.text.
CREATE TABLE claims (
    article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx         INTEGER NOT NULL,
    text        TEXT NOT NULL,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    status      TEXT NOT NULL,
    confidence  REAL,
    cues        TEXT,            -- JSON list of {text, span, kind}
    origin_name TEXT,            -- last hop of the chain
    origin_kind TEXT,
    chain_text  TEXT,
    PRIMARY KEY (article_id, idx)
);
CREATE INDEX claims_origin_kind ON claims(origin_kind);
CREATE TABLE claim_cues (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    claim_idx  INTEGER NOT NULL,
    text       TEXT NOT NULL,
    kind       TEXT,
    start      INTEGER,
    "end"      INTEGER
);
CREATE TABLE quotes (
    article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx         INTEGER NOT NULL,
    text        TEXT NOT NULL,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    speaker     TEXT,
    affiliation TEXT,
    cue         TEXT,
    kind        TEXT,
    chain_text  TEXT,
    PRIMARY KEY (article_id, idx)
);
CREATE TABLE chain_hops (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    owner      TEXT NOT NULL,    -- claim | quote
    owner_idx  INTEGER NOT NULL,
    hop_idx    INTEGER NOT NULL,
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL,
    start      INTEGER,
    "end"      INTEGER
);
CREATE INDEX chain_hops_kind ON chain_hops(kind, name);
