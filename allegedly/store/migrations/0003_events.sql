-- 0003 events: PLOVER events with their participants, place, date and the claim they belong to.
--
-- One row per event; its actors and recipients in event_participants. claim_seq is the
-- index of the claim (ArticleRecord.claims) whose span holds the trigger; status and
-- chain are copied from that claim so an export needs no join to the claims tables
-- (chain: JSON list of hops {name, kind, span}; chain_text: "MINA → Sky News → …").
-- start/"end" are character offsets into articles.text.

CREATE TABLE events (
    article_id       TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    seq              INTEGER NOT NULL,
    type             TEXT NOT NULL,                 -- PLOVER type (AGREE … ASSAULT)
    cameo_root       TEXT,                          -- two-digit CAMEO root code
    mode             TEXT,                          -- PLOVER mode, or negated | intent
    trigger          TEXT,
    start            INTEGER NOT NULL,
    "end"            INTEGER NOT NULL,
    evidence         TEXT,                          -- the sentence that holds the event
    claim_seq        INTEGER,
    status           TEXT,                          -- asserted | reported | alleged | … (from the claim)
    chain            TEXT,                          -- JSON list of hops, publisher first
    chain_text       TEXT,
    date_iso         TEXT,
    date_text        TEXT,
    date_precision   TEXT,                          -- day | week | month | year | decade | duration
    report_date_iso  TEXT,                          -- when the source reported it ("Sky News reported on Monday")
    report_date_text TEXT,
    location_text    TEXT,
    geonames_id      INTEGER,
    lat              REAL,
    lon              REAL,
    location_country TEXT,                          -- ISO 3166-1 alpha-2
    confidence       REAL,
    PRIMARY KEY (article_id, seq)
);
CREATE INDEX events_type ON events(type);
CREATE INDEX events_status ON events(status);
CREATE INDEX events_date ON events(date_iso);

CREATE TABLE event_participants (
    article_id TEXT NOT NULL,
    event_seq  INTEGER NOT NULL,
    role       TEXT NOT NULL,                       -- actor | recipient
    seq        INTEGER NOT NULL,
    text       TEXT NOT NULL,
    code       TEXT,                                -- ISO3, IGO, NGO, IMG …
    sector     TEXT,                                -- GOV, MIL, REB, …
    start      INTEGER,
    "end"      INTEGER,
    PRIMARY KEY (article_id, event_seq, role, seq),
    FOREIGN KEY (article_id, event_seq) REFERENCES events(article_id, seq) ON DELETE CASCADE
);
CREATE INDEX event_participants_code ON event_participants(code);
