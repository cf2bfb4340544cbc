"""The ``fetches`` table: what ``allegedly collect`` found, fetched and made of each URL.

Plain functions over a connection; the collect run calls them from its one thread.
States of a page: queued → stored | duplicate | skipped | gone | failed | disallowed
(``failed`` is tried again on later runs, up to ``MAX_ATTEMPTS`` in all).
"""
from __future__ import annotations

import sqlite3
from typing import Any, Iterable

from allegedly.store.connection import now, transaction
from allegedly.store.writers import register_writer

MAX_ATTEMPTS = 3
FIELDS = ("kind", "state", "via", "listed_title", "listed_date", "status", "final_url", "content_type",
          "etag", "last_modified", "fetched_at", "article_id", "reason", "run_id", "body")
DONE_STATES = ("stored", "duplicate", "skipped", "gone", "disallowed")
# The table's columns by name: on PostgreSQL the table also has the rowid SQLite gives every table
# (migrations/postgres/0010_fetches.sql), which SELECT * would return.
ALL = ("url, kind, state, via, listed_title, listed_date, status, final_url, content_type, etag, last_modified, "
       "fetched_at, article_id, reason, attempts, run_id, queued_at, body")


def queue(conn: sqlite3.Connection, rows: Iterable[dict[str, Any]], *, run_id: int | None = None) -> int:
    """Add URLs not seen before as ``queued``; return how many were new. Known URLs keep their row."""
    stamp = now()
    new = 0
    with transaction(conn):
        for row in rows:
            cur = conn.execute(
                """INSERT INTO fetches(url, kind, state, via, listed_title, listed_date, run_id, queued_at)
                   VALUES (?, ?, 'queued', ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""",
                (row["url"], row.get("kind", "page"), row.get("via"), row.get("listed_title"),
                 row.get("listed_date"), run_id, stamp),
            )
            new += cur.rowcount
    return new


def save(conn: sqlite3.Connection, url: str, *, count_attempt: bool = False, **fields: Any) -> None:
    """Insert or update the row of ``url`` with ``fields`` (names from FIELDS); others are kept."""
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise ValueError(f"unknown fetches columns: {sorted(unknown)}")
    fields.setdefault("kind", "page")
    fields.setdefault("state", "queued")
    names = list(fields)
    updates = ", ".join(f"{n} = excluded.{n}" for n in names if n != "kind")
    if count_attempt:
        updates += ", attempts = fetches.attempts + 1"
    conn.execute(
        f"""INSERT INTO fetches(url, {', '.join(names)}, attempts, queued_at)
            VALUES (?, {', '.join('?' for _ in names)}, ?, ?)
            ON CONFLICT(url) DO UPDATE SET {updates}""",
        (url, *fields.values(), int(count_attempt), now()),
    )


def get(conn: sqlite3.Connection, url: str) -> dict[str, Any] | None:
    row = conn.execute(f"SELECT {ALL} FROM fetches WHERE url = ?", (url,)).fetchone()
    return dict(row) if row else None


def known(conn: sqlite3.Connection, urls: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The rows of those ``urls`` that exist, by URL."""
    out: dict[str, dict[str, Any]] = {}
    urls = list(urls)
    for i in range(0, len(urls), 500):
        chunk = urls[i:i + 500]
        marks = ",".join("?" for _ in chunk)
        for row in conn.execute(f"SELECT {ALL} FROM fetches WHERE url IN ({marks})", chunk):
            out[row["url"]] = dict(row)
    return out


def pending(conn: sqlite3.Connection, *, kinds: tuple[str, ...] = ("page",), limit: int | None = None) -> list[dict]:
    """Pages to fetch now: queued ones, and failed ones with attempts left, oldest first."""
    marks = ",".join("?" for _ in kinds)
    sql = (f"SELECT {ALL} FROM fetches WHERE kind IN ({marks}) AND (state = 'queued' OR "
           f"(state = 'failed' AND attempts < ?)) ORDER BY queued_at, rowid")
    args: list[Any] = [*kinds, MAX_ATTEMPTS]
    if limit is not None:
        sql += " LIMIT ?"
        args.append(limit)
    return [dict(r) for r in conn.execute(sql, args)]


def listing(conn: sqlite3.Connection, *, state: str | None = None, kind: str | None = None,
            limit: int = 50) -> list[dict[str, Any]]:
    """Rows for `allegedly fetches`, newest first (body left out)."""
    where, args = [], []
    if state:
        where.append("state = ?")
        args.append(state)
    if kind:
        where.append("kind = ?")
        args.append(kind)
    clause = ("WHERE " + " AND ".join(where)) if where else ""
    cols = ", ".join(c for c in ("url", "attempts", "queued_at", *FIELDS) if c != "body")
    return [dict(r) for r in conn.execute(
        f"SELECT {cols} FROM fetches {clause} ORDER BY coalesce(fetched_at, queued_at) DESC, rowid DESC LIMIT ?",
        (*args, limit))]


def counts(conn: sqlite3.Connection) -> dict[str, int]:
    return {f"{r[0]}/{r[1]}": r[2] for r in conn.execute(
        "SELECT kind, state, count(*) FROM fetches GROUP BY kind, state ORDER BY kind, state")}


@register_writer
def write_fetch_link(conn: sqlite3.Connection, record) -> None:
    """Tie a collected page to its article in the article's own transaction.

    ``record.source`` is the page's normalised URL for collected pages (a path for
    ingested files, which matches no row). Registered when collect imports this
    module; inside the save, so Ctrl-C can never leave a stored page marked queued.
    """
    conn.execute("UPDATE fetches SET state = 'stored', article_id = ? WHERE url = ? AND kind IN ('page', 'warc')",
                 (record.id, record.source))
