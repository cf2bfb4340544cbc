"""Filtered lists of claims and events across articles (CLI, JSON API and HTML share them).

Filters are exact values of stored columns; an unknown value is an error naming
the values the store holds, so a typo ("reproted") does not look like "no rows".
"""
from __future__ import annotations

import json
import sqlite3
from typing import Any

from allegedly.errors import StoreError

MAX_LIMIT = 1000


def _where(table: str, filters: dict[str, str | None]) -> tuple[str, list]:
    where, args = [], []
    for column, value in filters.items():
        if value:
            where.append(f'{table[0]}."{column}" = ?')
            args.append(value)
    return (" WHERE " + " AND ".join(where)) if where else "", args


def _check(conn, table: str, filters: dict[str, str | None]) -> None:
    """After an empty answer: was a filter value one the store never holds? (Checked only then,
    so a large store pays no DISTINCT scan for the answers it has.)"""
    for column, value in filters.items():
        if value and column != "article_id" and conn.execute(
                f'SELECT 1 FROM {table} WHERE "{column}" = ? LIMIT 1', (value,)).fetchone() is None:
            known = [str(r[0]) for r in conn.execute(
                f'SELECT DISTINCT "{column}" FROM {table} WHERE "{column}" IS NOT NULL ORDER BY 1')]
            raise StoreError(f"no {table} with {column} {value!r}; the store holds: {', '.join(known) or 'none'}")


def _page(limit: int, offset: int) -> tuple[int, int]:
    if not 0 < limit <= MAX_LIMIT:
        raise StoreError(f"limit must be between 1 and {MAX_LIMIT}, got {limit}")
    if offset < 0:
        raise StoreError(f"offset must be 0 or more, got {offset}")
    return limit, offset


def list_claims(conn: sqlite3.Connection, *, status: str | None = None, origin_kind: str | None = None,
                article_id: str | None = None, contains: str | None = None,
                limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
    """Claims with their article, newest article first; ``contains`` is a case-insensitive substring."""
    filters = {"status": status, "origin_kind": origin_kind, "article_id": article_id}
    where, args = _where("claims", filters)
    if contains:
        where += (" AND " if where else " WHERE ") + "c.text LIKE ? ESCAPE '\\'"
        args.append("%" + contains.replace("%", "\\%").replace("_", "\\_") + "%")
    rows = conn.execute(
        f"""SELECT c.article_id, c.idx, c.text, c.start, c."end", c.status, c.confidence, c.cues,
                   c.origin_name, c.origin_kind, c.chain_text,
                   a.title, coalesce(a.publisher, a.outlet) AS publisher, a.published
            FROM claims c JOIN articles a ON a.id = c.article_id{where}
            ORDER BY a.published IS NULL, a.published DESC, c.article_id, c.idx LIMIT ? OFFSET ?""",
        (*args, *_page(limit, offset))).fetchall()
    if not rows:
        _check(conn, "claims", filters)
    return [dict(r) | {"cues": json.loads(r["cues"] or "[]")} for r in rows]


def list_events(conn: sqlite3.Connection, *, type: str | None = None, status: str | None = None,
                location_country: str | None = None, article_id: str | None = None,
                limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
    """Events with actors and recipients as ``[{text, code, sector}]``, newest article first."""
    filters = {"type": type, "status": status, "location_country": location_country, "article_id": article_id}
    where, args = _where("events", filters)
    rows = [dict(r) for r in conn.execute(
        f"""SELECT e.article_id, e.seq, e.type, e.cameo_root, e.mode, e.trigger, e.start, e."end", e.evidence,
                   e.claim_seq, e.status, e.chain_text, e.date_iso, e.date_precision, e.location_text,
                   e.geonames_id, e.lat, e.lon, e.location_country, e.confidence,
                   a.title, coalesce(a.publisher, a.outlet) AS publisher, a.published
            FROM events e JOIN articles a ON a.id = e.article_id{where}
            ORDER BY a.published IS NULL, a.published DESC, e.article_id, e.seq LIMIT ? OFFSET ?""",
        (*args, *_page(limit, offset)))]
    if not rows:
        _check(conn, "events", filters)
    by_event = {(r["article_id"], r["seq"]): r | {"actors": [], "recipients": []} for r in rows}
    if by_event:  # the page's participants in one query
        pairs = ", ".join("(?, ?)" for _ in by_event)
        for p in conn.execute(
                f"""SELECT article_id, event_seq, role, text, code, sector FROM event_participants
                    WHERE (article_id, event_seq) IN (VALUES {pairs}) ORDER BY article_id, event_seq, role, seq""",
                [v for key in by_event for v in key]):
            event = by_event[(p["article_id"], p["event_seq"])]
            (event["actors"] if p["role"] == "actor" else event["recipients"]).append(
                {"text": p["text"], "code": p["code"], "sector": p["sector"]})
    return list(by_event.values())


def facets(conn: sqlite3.Connection) -> dict[str, dict[str, int]]:
    """Counts by claim status, origin kind, event type and event status: what a filter can take."""
    def count(sql: str) -> dict[str, int]:
        return {str(k): n for k, n in conn.execute(sql)}

    return {
        "claim_status": count("SELECT status, count(*) FROM claims GROUP BY 1 ORDER BY 2 DESC"),
        "origin_kind": count("SELECT origin_kind, count(*) FROM claims WHERE origin_kind IS NOT NULL "
                             "GROUP BY 1 ORDER BY 2 DESC"),
        "event_type": count("SELECT type, count(*) FROM events GROUP BY 1 ORDER BY 2 DESC"),
        "event_status": count("SELECT status, count(*) FROM events WHERE status IS NOT NULL GROUP BY 1 ORDER BY 2 DESC"),
    }
