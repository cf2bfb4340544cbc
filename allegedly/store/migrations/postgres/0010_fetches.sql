-- PostgreSQL only, with 0010: the insertion order SQLite keeps in every table's rowid, which
-- `collect` uses to fetch queued pages first-listed first (fetches.pending, fetches.listing).
ALTER TABLE fetches ADD COLUMN rowid BIGINT GENERATED ALWAYS AS IDENTITY;
