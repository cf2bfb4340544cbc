-- PostgreSQL only, with 0001: the full-text index SQLite keeps in FTS5 (articles_fts).
--
-- Built to index the same words as FTS5's 'porter unicode61 remove_diacritics 2':
-- - words are runs of letters and digits: every other character separates ("U.S." is "u" "s",
--   "al-Assad" is "al" "assad"); PostgreSQL's own parser would keep "U.S" or an address whole;
-- - lower case, accents folded (when the unaccent extension can be made here);
-- - the original Porter stemmer, which PostgreSQL's snowball module ships as the language 'porter'
--   ("news" → "new", "convoys" → "convoi"), on words of 3 bytes or more, as FTS5 stems them
--   ("us" stays "us"; the stemmer alone would make it "u");
-- - no stop words (FTS5 drops none, so "the" and "who" are found).
-- One tsvector per article (title weighted above the text) in articles_fts, a GIN index over it,
-- kept by a trigger as FTS5's triggers keep its index. Queries map their words through the same
-- allegedly_fold and allegedly_lexeme (store/postgres.py).

CREATE TEXT SEARCH DICTIONARY allegedly_stem (TEMPLATE = snowball, Language = porter);
-- For ts_headline's marks: close to the index, not the same (it parses the text its own way).
CREATE TEXT SEARCH CONFIGURATION allegedly_search (COPY = english);
ALTER TEXT SEARCH CONFIGURATION allegedly_search
    ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part WITH allegedly_stem;

CREATE FUNCTION allegedly_fold(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT lower(t)
$$;

DO $$
DECLARE
    home text;
BEGIN
    CREATE EXTENSION IF NOT EXISTS unaccent;
    SELECT n.nspname INTO home FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
    WHERE e.extname = 'unaccent';
    EXECUTE format('CREATE OR REPLACE FUNCTION allegedly_fold(t text) RETURNS text LANGUAGE sql IMMUTABLE '
                   'PARALLEL SAFE AS $f$ SELECT lower(%1$I.unaccent(%2$L::regdictionary, t)) $f$',
                   home, home || '.unaccent');
    EXECUTE format('ALTER TEXT SEARCH CONFIGURATION allegedly_search ALTER MAPPING FOR '
                   'asciiword, asciihword, hword_asciipart, word, hword, hword_part WITH %I.unaccent, allegedly_stem',
                   home);
EXCEPTION WHEN OTHERS THEN
    RAISE NOTICE 'allegedly: no unaccent extension (%), search keeps accents', SQLERRM;
END
$$;

CREATE FUNCTION allegedly_lexeme(w text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN octet_length(w) < 3 THEN w
                ELSE coalesce((ts_lexize('allegedly_stem', w))[1], w) END
$$;

-- In chunks of 2000 words: a tsvector's text form may not pass 1 MB, and a long article's would.
-- Concatenation shifts each chunk's positions past the previous ones, so positions stay those of
-- the whole text (capped at 16383, as to_tsvector caps them).
CREATE AGGREGATE allegedly_tsvector_agg(tsvector) (SFUNC = tsvector_concat, STYPE = tsvector, INITCOND = '');

CREATE FUNCTION allegedly_search_words(body text) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(allegedly_tsvector_agg(chunk ORDER BY c), ''::tsvector)
    FROM (SELECT (n - 1) / 2000 AS c, string_agg(allegedly_lexeme(w) || ':' || ((n - 1) % 2000 + 1), ' ')::tsvector AS chunk
          FROM regexp_split_to_table(allegedly_fold(coalesce(body, '')), '[^[:alnum:]]+') WITH ORDINALITY AS t(w, n)
          WHERE w <> ''
          GROUP BY 1) AS chunks
$$;

CREATE FUNCTION allegedly_search_doc(title text, body text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT setweight(allegedly_search_words(title), 'A') || allegedly_search_words(body)
$$;

CREATE TABLE articles_fts (
    pk  BIGINT PRIMARY KEY REFERENCES articles(pk) ON DELETE CASCADE,
    doc tsvector NOT NULL
);
CREATE INDEX articles_fts_doc ON articles_fts USING gin (doc);

-- A text whose words pass tsvector's 1 MB is indexed by its first 300,000 characters, not refused.
CREATE FUNCTION articles_fts_sync() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    vector tsvector;
BEGIN
    BEGIN
        vector := allegedly_search_doc(NEW.title, NEW.text);
    EXCEPTION WHEN program_limit_exceeded THEN
        vector := allegedly_search_doc(NEW.title, left(NEW.text, 300000));
    END;
    INSERT INTO articles_fts(pk, doc) VALUES (NEW.pk, vector)
    ON CONFLICT (pk) DO UPDATE SET doc = EXCLUDED.doc;
    RETURN NEW;
END
$$;

CREATE TRIGGER articles_fts_sync AFTER INSERT OR UPDATE OF title, text ON articles
    FOR EACH ROW EXECUTE FUNCTION articles_fts_sync();
