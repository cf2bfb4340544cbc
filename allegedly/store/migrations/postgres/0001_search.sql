-- PostgreSQL only, with 0001: the full-text index SQLite keeps in FTS5 (articles_fts).
--
-- As FTS5's 'porter unicode61 remove_diacritics 2': English stems, no stop words (FTS5 drops
-- none, so "the" and "who" are found), accents folded when the unaccent extension can be made.
-- One tsvector per article (title weighted above the text) in articles_fts, a GIN index over it,
-- kept by a trigger as FTS5's triggers keep its index.

CREATE TEXT SEARCH DICTIONARY allegedly_stem (TEMPLATE = snowball, Language = english);
CREATE TEXT SEARCH CONFIGURATION allegedly_search (COPY = english);
ALTER TEXT SEARCH CONFIGURATION allegedly_search
    ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part WITH allegedly_stem;

DO $$
DECLARE
    home text;
BEGIN
    CREATE EXTENSION IF NOT EXISTS unaccent;
    SELECT n.nspname INTO home FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
    WHERE e.extname = 'unaccent';
    EXECUTE format('ALTER TEXT SEARCH CONFIGURATION allegedly_search ALTER MAPPING FOR '
                   'asciiword, asciihword, hword_asciipart, word, hword, hword_part WITH %I.unaccent, allegedly_stem',
                   home);
EXCEPTION WHEN OTHERS THEN
    RAISE NOTICE 'allegedly: no unaccent extension (%), search keeps accents', SQLERRM;
END
$$;

CREATE TABLE articles_fts (
    pk  BIGINT PRIMARY KEY REFERENCES articles(pk) ON DELETE CASCADE,
    doc tsvector NOT NULL
);
CREATE INDEX articles_fts_doc ON articles_fts USING gin (doc);

CREATE FUNCTION articles_fts_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO articles_fts(pk, doc)
    VALUES (NEW.pk, setweight(to_tsvector('allegedly_search', NEW.title), 'A')
                    || to_tsvector('allegedly_search', NEW.text))
    ON CONFLICT (pk) DO UPDATE SET doc = EXCLUDED.doc;
    RETURN NEW;
END
$$;

CREATE TRIGGER articles_fts_sync AFTER INSERT OR UPDATE OF title, text ON articles
    FOR EACH ROW EXECUTE FUNCTION articles_fts_sync();
