"""Store writer and readers for events (tables from migration 0003_events.sql)."""
from __future__ import annotations

import json
import re
import sqlite3
from typing import Iterator

from allegedly.provenance.chains import chain_text
from allegedly.records import ArticleRecord, Claim, Event
from allegedly.store.writers import register_writer


def _evidence(text: str, span: tuple[int, int]) -> str:
    """The sentence around the event's span (cheap: split at sentence punctuation)."""
    start = max(text.rfind(c, 0, span[0]) for c in (". ", "\n", "? ", "! ")) + 1
    ends = [i for i in (text.find(c, span[1]) for c in (". ", "\n", "? ", "! ")) if i >= 0]
    end = min(ends) + 1 if ends else len(text)
    return re.sub(r"\s+", " ", text[start:end]).strip()


def _claim(record: ArticleRecord, event: Event) -> Claim | None:
    if event.claim is None or not 0 <= event.claim < len(record.claims):
        return None
    return record.claims[event.claim]


@register_writer
def write_events(conn: sqlite3.Connection, record: ArticleRecord) -> None:
    rows, parts = [], []
    for i, e in enumerate(record.events):
        claim = _claim(record, e)
        chain = claim.chain if claim else []
        loc, date = e.location, e.date
        rows.append((
            record.id, i, e.type, e.cameo_root, e.mode, e.trigger, e.span[0], e.span[1],
            _evidence(record.text, e.span), e.claim, e.status,
            json.dumps([h.as_dict() for h in chain], ensure_ascii=False) if claim else None,
            chain_text(chain) if claim else None,
            date.iso if date else None, date.text if date else None, date.precision if date else None,
            e.report_date.iso if e.report_date else None, e.report_date.text if e.report_date else None,
            loc.text if loc else None, loc.geonames_id if loc else None, loc.lat if loc else None,
            loc.lon if loc else None, loc.country if loc else None, e.confidence, e.main, e.place_by,
        ))
        for role, people in (("actor", e.actor), ("recipient", e.recipient)):
            for j, p in enumerate(people):
                start, end = p.span if p.span else (None, None)
                parts.append((record.id, i, role, j, p.text, p.code, p.sector, start, end))
    columns = ", ".join(f'"{c}"' for c in EVENT_COLUMNS)
    conn.executemany(f"INSERT INTO events ({columns}) VALUES ({', '.join('?' * len(EVENT_COLUMNS))})", rows)
    conn.executemany(
        'INSERT INTO event_participants(article_id, event_seq, role, seq, text, code, sector, start, "end") '
        "VALUES (?,?,?,?,?,?,?,?,?)", parts)


EVENT_COLUMNS = (
    "article_id", "seq", "type", "cameo_root", "mode", "trigger", "start", "end", "evidence", "claim_seq",
    "status", "chain", "chain_text", "date_iso", "date_text", "date_precision", "report_date_iso",
    "report_date_text", "location_text",
    "geonames_id", "lat", "lon", "location_country", "confidence", "main", "place_by",  # the last two: 0008
)


def iter_events(conn: sqlite3.Connection, article_id: str | None = None) -> Iterator[dict]:
    """Every stored event as a dict with its article's fields and lists ``actors``/``recipients``."""
    where, args = ("WHERE e.article_id = ?", (article_id,)) if article_id else ("", ())
    rows = conn.execute(
        f"""SELECT e.*, a.published AS article_published, a.url AS article_url, a.title AS article_title,
                   a.publisher AS article_publisher, a.outlet AS article_outlet, a.ingested_at AS article_ingested,
                   a.language AS article_language
            FROM events e JOIN articles a ON a.id = e.article_id {where}
            ORDER BY a.published, e.article_id, e.seq""", args)
    parts: dict[tuple[str, int], dict[str, list[dict]]] = {}
    for p in conn.execute(
        f'SELECT * FROM event_participants {where.replace("e.", "")} ORDER BY article_id, event_seq, role, seq', args
    ):
        slot = parts.setdefault((p["article_id"], p["event_seq"]), {"actor": [], "recipient": []})
        slot[p["role"]].append({k: p[k] for k in ("text", "code", "sector", "start", "end")})
    for row in rows:
        d = dict(row)
        slot = parts.get((d["article_id"], d["seq"]), {"actor": [], "recipient": []})
        d["actors"], d["recipients"] = slot["actor"], slot["recipient"]
        yield d
