-- 0015 title claims: a headline given apart from the body (ArticleRecord.title_claims) gets
-- claims too. part = 'title' marks them: their start/"end" (and their chain hops') are
-- offsets into articles.title; any other row's are offsets into articles.text. Their idx
-- follows the body's claims.
ALTER TABLE claims ADD COLUMN part TEXT;
