-- Datasette finds an FTS table for `articles` by the text content="articles"
-- in its CREATE statement; 0001 wrote content = 'articles', so Datasette's
-- search box and ?_search= stayed off. Same index, spelled the way it looks for.
DROP TABLE articles_fts;

CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, text,
    content="articles", content_rowid="pk",
    tokenize="porter unicode61 remove_diacritics 2"
);

INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');
