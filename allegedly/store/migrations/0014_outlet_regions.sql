-- Regions (states/provinces, 'US-TN') each stored article grounds without doubt, keyed by its
-- outlet (name, else web domain): `allegedly ingest` learns each outlet's home from these rows
-- before a run starts (allegedly/nlp/place_home.py).
CREATE TABLE outlet_regions (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    outlet     TEXT NOT NULL,
    region     TEXT NOT NULL,
    PRIMARY KEY (article_id, region)
);
CREATE INDEX outlet_regions_outlet ON outlet_regions(outlet);
