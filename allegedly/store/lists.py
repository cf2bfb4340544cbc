"""Filtered lists of claims, quotes and events across articles (CLI, JSON API, HTML and exports share them).

Filters are exact values of stored columns; an unknown value is an error naming
the values the store holds, so a typo ("reproted") does not look like "no rows".
``article_id`` takes an id, an id prefix or a file name; ``since``/``until`` bound
the article's publication date (events may use their own date: ``date_by="event"``);
``source`` keeps what rests on a named source anywhere in its chain.
Each ``list_*`` has a ``count_*`` with the same filters, for totals.
"""
from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from allegedly.errors import StoreError
from allegedly.store.readers import resolve_ref

MAX_LIMIT = 1000
MAX_OFFSET = 10**12  # SQLite's OFFSET is a 64-bit integer: refuse the absurd before it overflows
MAX_CONTAINS = 1000  # SQLite refuses LIKE patterns over 50,000 bytes; nobody filters on a page of text
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
DATE_BY = ("published", "event")


@dataclass
class Where:
    """A WHERE clause being built, with its arguments in order."""

    parts: list[str] = field(default_factory=list)
    args: list[Any] = field(default_factory=list)

    def add(self, sql: str, *args: Any) -> None:
        self.parts.append(sql)
        self.args.extend(args)

    def __str__(self) -> str:
        return (" WHERE " + " AND ".join(self.parts)) if self.parts else ""


def check_date(name: str, value: str | None) -> str | None:
    if value and not _DATE.match(value):
        raise StoreError(f"{name} must be a date as YYYY, YYYY-MM or YYYY-MM-DD, got {value!r}")
    return value or None


def _until(value: str) -> str:
    # '2016-05' must keep '2016-05-31T10:00': compare against the end of the period given
    return value + "\uffff"


def _dates(w: Where, column: str, since: str | None, until: str | None) -> None:
    if check_date("since", since):
        w.add(f"{column} >= ?", since)
    if check_date("until", until):
        w.add(f"{column} <= ?", _until(until))


def _contains(w: Where, column: str, contains: str | None) -> None:
    if not contains:
        return
    if len(contains) > MAX_CONTAINS:
        raise StoreError(f"contains is {len(contains)} characters; at most {MAX_CONTAINS} are searched")
    w.add(f"{column} LIKE ? ESCAPE '\\'", "%" + like_escape(contains) + "%")


def like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _exact(w: Where, alias: str, filters: dict[str, str | None]) -> None:
    for column, value in filters.items():
        if value:
            w.add(f'{alias}."{column}" = ?', value)


def _article(conn, w: Where, alias: str, article_id: str | None) -> None:
    if article_id:
        w.add(f"{alias}.article_id = ?", resolve_ref(conn, article_id))


def _check(conn, table: str, filters: dict[str, str | None]) -> None:
    """After an empty answer: was a filter value one the store never holds? (Checked only then,
    so a large store pays no DISTINCT scan for the answers it has.)"""
    for column, value in filters.items():
        if value and conn.execute(f'SELECT 1 FROM {table} WHERE "{column}" = ? LIMIT 1', (value,)).fetchone() is None:
            known = [str(r[0]) for r in conn.execute(
                f'SELECT DISTINCT "{column}" FROM {table} WHERE "{column}" IS NOT NULL ORDER BY 1')]
            raise StoreError(f"no {table} with {column} {value!r}; the store holds: {', '.join(known) or 'none'}")


def page_args(limit: int, offset: int) -> tuple[int, int]:
    if not 0 < limit <= MAX_LIMIT:
        raise StoreError(f"limit must be between 1 and {MAX_LIMIT}, got {limit}")
    if not 0 <= offset <= MAX_OFFSET:
        raise StoreError(f"offset must be between 0 and {MAX_OFFSET}, got {offset}")
    return limit, offset


def _rests_on(w: Where, owner: str, alias: str, idx: str, source: str | None) -> None:
    if source:
        w.add(f"""({alias}.article_id, {alias}.{idx}) IN (SELECT h.article_id, h.owner_idx FROM chain_hops h
                  WHERE h.name = ? AND h.owner = '{owner}')""", source)


def claims_where(conn, *, status=None, origin_kind=None, article_id=None, contains=None, since=None, until=None,
                 source=None) -> tuple[Where, dict]:
    filters = {"status": status, "origin_kind": origin_kind}
    w = Where()
    _exact(w, "c", filters)
    _article(conn, w, "c", article_id)
    _contains(w, "c.text", contains)
    _dates(w, "a.published", since, until)
    _rests_on(w, "claim", "c", "idx", source)
    return w, filters


_CLAIMS_FROM = "FROM claims c JOIN articles a ON a.id = c.article_id"


def list_claims(conn: sqlite3.Connection, *, limit: int = 50, offset: int = 0, **filters) -> list[dict[str, Any]]:
    """Claims with their article, newest article first; ``contains`` is a case-insensitive substring."""
    w, exact = claims_where(conn, **filters)
    rows = conn.execute(
        f"""SELECT c.article_id, c.idx, c.text, c.start, c."end", c.status, c.confidence, c.cues,
                   c.origin_name, c.origin_kind, c.chain_text, coalesce(c.part, 'text') AS part,
                   a.title, coalesce(a.publisher, a.outlet) AS publisher, a.published
            {_CLAIMS_FROM}{w}
            ORDER BY a.published IS NULL, a.published DESC, c.article_id, c.idx LIMIT ? OFFSET ?""",
        (*w.args, *page_args(limit, offset))).fetchall()
    if not rows:
        _check(conn, "claims", exact)
    return [dict(r) | {"cues": json.loads(r["cues"] or "[]")} for r in rows]


def count_claims(conn: sqlite3.Connection, **filters) -> int:
    w, _ = claims_where(conn, **filters)
    return conn.execute(f"SELECT count(*) {_CLAIMS_FROM}{w}", w.args).fetchone()[0]


def quotes_where(conn, *, kind=None, speaker=None, article_id=None, contains=None, since=None, until=None,
                 source=None) -> tuple[Where, dict]:
    filters = {"kind": kind, "speaker": speaker}
    w = Where()
    _exact(w, "q", filters)
    _article(conn, w, "q", article_id)
    _contains(w, "q.text", contains)
    _dates(w, "a.published", since, until)
    _rests_on(w, "quote", "q", "idx", source)
    return w, filters


_QUOTES_FROM = "FROM quotes q JOIN articles a ON a.id = q.article_id"


def list_quotes(conn: sqlite3.Connection, *, limit: int = 50, offset: int = 0, **filters) -> list[dict[str, Any]]:
    """Quotes with speaker, cue and chain, newest article first."""
    w, exact = quotes_where(conn, **filters)
    rows = conn.execute(
        f"""SELECT q.article_id, q.idx, q.text, q.start, q."end", q.speaker, q.affiliation, q.cue, q.kind,
                   q.chain_text, a.title, coalesce(a.publisher, a.outlet) AS publisher, a.published, a.url
            {_QUOTES_FROM}{w}
            ORDER BY a.published IS NULL, a.published DESC, q.article_id, q.idx LIMIT ? OFFSET ?""",
        (*w.args, *page_args(limit, offset))).fetchall()
    if not rows:
        _check(conn, "quotes", exact)
    return [dict(r) for r in rows]


def count_quotes(conn: sqlite3.Connection, **filters) -> int:
    w, _ = quotes_where(conn, **filters)
    return conn.execute(f"SELECT count(*) {_QUOTES_FROM}{w}", w.args).fetchone()[0]


EVENT_DATE = "coalesce(e.date_iso, e.report_date_iso)"


def events_where(conn, *, type=None, status=None, location_country=None, article_id=None, since=None, until=None,
                 date_by="published", source=None) -> tuple[Where, dict]:
    if date_by not in DATE_BY:
        raise StoreError(f"date_by must be one of {', '.join(DATE_BY)}, got {date_by!r}")
    filters = {"type": type, "status": status, "location_country": location_country}
    w = Where()
    _exact(w, "e", filters)
    _article(conn, w, "e", article_id)
    _dates(w, EVENT_DATE if date_by == "event" else "a.published", since, until)
    _rests_on(w, "claim", "e", "claim_seq", source)
    return w, filters


_EVENTS_FROM = "FROM events e JOIN articles a ON a.id = e.article_id"


def list_events(conn: sqlite3.Connection, *, limit: int = 50, offset: int = 0, **filters) -> list[dict[str, Any]]:
    """Events with actors and recipients as ``[{text, code, sector}]``, newest article first."""
    w, exact = events_where(conn, **filters)
    rows = [dict(r) for r in conn.execute(
        f"""SELECT e.article_id, e.seq, e.type, e.cameo_root, e.mode, e.trigger, e.start, e."end", e.evidence,
                   e.claim_seq, e.status, e.chain_text, e.date_iso, e.date_precision, e.report_date_iso,
                   e.location_text, e.geonames_id, e.lat, e.lon, e.location_country, e.confidence,
                   a.title, coalesce(a.publisher, a.outlet) AS publisher, a.published
            {_EVENTS_FROM}{w}
            ORDER BY a.published IS NULL, a.published DESC, e.article_id, e.seq LIMIT ? OFFSET ?""",
        (*w.args, *page_args(limit, offset)))]
    if not rows:
        _check(conn, "events", exact)
    return add_participants(conn, rows)


def count_events(conn: sqlite3.Connection, **filters) -> int:
    w, _ = events_where(conn, **filters)
    return conn.execute(f"SELECT count(*) {_EVENTS_FROM}{w}", w.args).fetchone()[0]


def add_participants(conn: sqlite3.Connection, rows: list[dict]) -> list[dict]:
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
    """Counts by claim status, origin kind, event type, event status and event country: what a filter can take."""
    def count(sql: str) -> dict[str, int]:
        return {str(k): n for k, n in conn.execute(sql)}

    return {
        "claim_status": count("SELECT status, count(*) FROM claims GROUP BY 1 ORDER BY 2 DESC"),
        "origin_kind": count("SELECT origin_kind, count(*) FROM claims WHERE origin_kind IS NOT NULL "
                             "GROUP BY 1 ORDER BY 2 DESC"),
        "event_type": count("SELECT type, count(*) FROM events GROUP BY 1 ORDER BY 2 DESC"),
        "event_status": count("SELECT status, count(*) FROM events WHERE status IS NOT NULL GROUP BY 1 ORDER BY 2 DESC"),
        "event_country": count("SELECT location_country, count(*) FROM events WHERE location_country IS NOT NULL "
                               "GROUP BY 1 ORDER BY 2 DESC"),
    }
