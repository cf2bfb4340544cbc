-- 0007 language and live runs.
--
-- articles.language: the ISO 639-1 code of the article's language as detected at
-- ingest ("en", "ru", "ar"; "und" when undetermined). Rows stored before this
-- migration keep NULL: they were all read as English.
-- runs.pid / runs.host: the process that holds a run, so a run left 'running' by a
-- killed process can be recognised (its pid gone on this host) and marked 'killed'
-- when the next ingest starts.

ALTER TABLE articles ADD COLUMN language TEXT;
CREATE INDEX articles_language ON articles(language);

ALTER TABLE runs ADD COLUMN pid INTEGER;
ALTER TABLE runs ADD COLUMN host TEXT;
