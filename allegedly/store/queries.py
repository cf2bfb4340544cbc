"""Read-only questions over the store, shared by the CLI and the web API.

Plain functions returning plain dicts/lists (JSON-ready) or records, so a
caller can print, serialise or test them without the store's internals.
"""
from __future__ import annotations

import re
import sqlite3
import time
from contextlib import contextmanager
from typing import Any, Iterator

from allegedly.errors import StoreError
from allegedly.records import ArticleRecord
from allegedly.store import postgres
from allegedly.store.connection import is_postgres, schema_version
from allegedly.store.lists import check_date, page_args
from allegedly.store.readers import load_record, resolve_ref

_LIST_COLUMNS = "id, title, outlet, publisher, published, dateline_place, source, ingested_at"
_FTS_SYNTAX = re.compile(r'["*():^]|\b(AND|OR|NOT|NEAR)\b')


def list_articles(
    conn: sqlite3.Connection,
    *,
    limit: int = 50,
    offset: int = 0,
    outlet: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> list[dict[str, Any]]:
    """Articles, newest published first, optionally filtered by outlet and date range."""
    where, args = _articles_where(outlet, since, until)
    sql = f"SELECT {_LIST_COLUMNS} FROM articles{where}"
    sql += " ORDER BY published IS NULL, published DESC, id LIMIT ? OFFSET ?"
    return [dict(r) for r in conn.execute(sql, (*args, *page_args(limit, offset)))]


def count_articles(conn: sqlite3.Connection, *, outlet: str | None = None, since: str | None = None,
                   until: str | None = None) -> int:
    where, args = _articles_where(outlet, since, until)
    return conn.execute(f"SELECT count(*) FROM articles{where}", args).fetchone()[0]


def _articles_where(outlet, since, until) -> tuple[str, list]:
    where, args = [], []
    if outlet:
        where.append("(outlet = ? OR publisher = ?)")
        args += [outlet, outlet]
    if check_date("since", since):
        where.append("published >= ?")
        args.append(since)
    if check_date("until", until):
        where.append("published <= ?")
        args.append(until + "\uffff")
    return (" WHERE " + " AND ".join(where)) if where else "", args


MAX_QUERY_CHARS = 500
MAX_QUERY_TERMS = 20  # FTS5's cost grows with every term; 800 repeats of "the" took 47 s


def check_query(query: str) -> tuple[str, list[str]]:
    """The stripped query and its distinct words; a StoreError when empty or too big to answer cheaply."""
    query = query.strip()
    if not query:
        raise StoreError("empty search query")
    if len(query) > MAX_QUERY_CHARS:
        raise StoreError(f"search query is {len(query)} characters; at most {MAX_QUERY_CHARS} are allowed")
    words = re.findall(r"\w+", query)
    if not words:
        raise StoreError(f"search query {query!r} has no words to look for")
    if len(words) > MAX_QUERY_TERMS:
        raise StoreError(f"search query has {len(words)} words; at most {MAX_QUERY_TERMS} are allowed")
    return query, words


def search(conn: sqlite3.Connection, query: str, *, limit: int = 20, offset: int = 0) -> list[dict[str, Any]]:
    """Full-text search over title and text, best match first, with a snippet.

    Plain words must all occur; articles that hold them as a phrase ("Sky News")
    come first. A query using FTS5 syntax (quotes, AND/OR/NOT, NEAR, prefix*) is
    passed through as it is; when FTS5 cannot parse one without quotes ("A380:"),
    its words are searched instead. Unbalanced quotes stay an error. Queries over
    MAX_QUERY_CHARS characters or MAX_QUERY_TERMS words are refused.
    """
    query, words = check_query(query)
    want = limit + offset
    all_words = " ".join(f'"{w}"' for w in dict.fromkeys(words))
    if _FTS_SYNTAX.search(query):
        try:
            return _match(conn, query, want)[offset:]
        except sqlite3.OperationalError as exc:
            if "interrupted" in str(exc):
                raise
            if '"' in query:
                raise StoreError(f"bad search query {query!r}: {exc}") from exc
            return _match(conn, all_words, want)[offset:]
    hits = _match(conn, '"' + " ".join(words) + '"', want) if len(words) > 1 else []
    seen = {h["id"] for h in hits}
    hits += [h for h in _match(conn, all_words, want) if h["id"] not in seen]
    return hits[offset:want]


def count_search(conn: sqlite3.Connection, query: str) -> int:
    """How many articles ``search`` can return for ``query``."""
    query, words = check_query(query)
    match = query if _FTS_SYNTAX.search(query) else " ".join(f'"{w}"' for w in dict.fromkeys(words))
    try:
        return _count(conn, match)
    except sqlite3.OperationalError as exc:
        if "interrupted" in str(exc) or '"' in query:
            raise
        return _count(conn, " ".join(f'"{w}"' for w in dict.fromkeys(words)))


def _count(conn, match: str) -> int:
    if is_postgres(conn):
        return postgres.search_count(conn, match)
    return conn.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?", (match,)).fetchone()[0]


def _match(conn: sqlite3.Connection, match: str, limit: int) -> list[dict[str, Any]]:
    columns = ', '.join('a.' + c.strip() for c in _LIST_COLUMNS.split(','))
    if is_postgres(conn):  # the same FTS5 query over PostgreSQL's tsvector index
        return postgres.search_rows(conn, match, limit, columns)
    rows = conn.execute(
        f"""SELECT {columns},
               snippet(articles_fts, 1, '[', ']', '…', 12) AS snippet, bm25(articles_fts) AS score
            FROM articles_fts JOIN articles a ON a.pk = articles_fts.rowid
            WHERE articles_fts MATCH ? ORDER BY score LIMIT ?""",
        (match, limit),
    ).fetchall()
    return [dict(r) for r in rows]


@contextmanager
def time_limit(conn: sqlite3.Connection, seconds: float | None) -> Iterator[None]:
    """Stop any statement on ``conn`` running past ``seconds`` (sqlite3.OperationalError 'interrupted').

    SQLite calls the handler every few thousand VM steps, so a query stops soon after
    its budget, and a client that has gone away leaves no statement running on.
    On PostgreSQL the server stops a statement at the budget (statement_timeout) and no
    statement starts once the budget is spent."""
    if not seconds:
        yield
        return
    deadline = time.monotonic() + seconds
    if is_postgres(conn):
        conn.execute(f"SET statement_timeout = {max(1, int(seconds * 1000)):d}")
        conn.deadline = deadline
        try:
            yield
        finally:
            conn.deadline = None
            if not conn.raw.closed:
                conn.execute("RESET statement_timeout")
        return
    conn.set_progress_handler(lambda: int(time.monotonic() > deadline), 10_000)
    try:
        yield
    finally:
        conn.set_progress_handler(None, 0)


def get_article(conn: sqlite3.Connection, ref: str) -> ArticleRecord:
    """The full record for an id, id prefix, or source file name/stem."""
    return load_record(conn, resolve_ref(conn, ref))


def table_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Rows per plain table (FTS shadow tables and internals left out)."""
    if is_postgres(conn):
        names = [n for n in postgres.table_names(conn) if "_fts" not in n]
    else:
        names = [
            r[0]
            for r in conn.execute(
                """SELECT name FROM sqlite_master WHERE type = 'table'
                   AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_fts%' ORDER BY name"""
            )
        ]
    return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}


def stats(conn: sqlite3.Connection, *, runs: int = 5) -> dict[str, Any]:
    """Counts per table, schema version, the last runs, and entity types."""
    return {
        "schema_version": schema_version(conn),
        "tables": table_counts(conn),
        "entity_types": {
            r[0]: r[1]
            for r in conn.execute("SELECT type, count(*) FROM entities GROUP BY type ORDER BY 2 DESC")
        },
        "outlets": {
            (r[0] or "(unknown)"): r[1]
            for r in conn.execute(
                "SELECT coalesce(publisher, outlet), count(*) FROM articles GROUP BY 1 ORDER BY 2 DESC LIMIT 10"
            )
        },
        "runs": [
            dict(r)
            for r in conn.execute(
                """SELECT id, started_at, finished_at, status, stored, already_stored, errors, skipped, model
                   FROM runs ORDER BY id DESC LIMIT ?""",
                (runs,),
            )
        ],
    }


def recent_errors(conn: sqlite3.Connection, *, limit: int = 20, run_id: int | None = None) -> list[dict[str, Any]]:
    """Input errors, newest first; ``run_id`` keeps one run's."""
    where, args = ("WHERE run_id = ?", [run_id]) if run_id is not None else ("", [])
    return [
        dict(r)
        for r in conn.execute(
            f"SELECT id, run_id, source, problem, at FROM ingest_errors {where} ORDER BY id DESC LIMIT ?",
            (*args, limit),
        )
    ]
