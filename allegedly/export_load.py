"""What the exports read: events, claims and quotes with their corroboration, under the API's filters.

Corroboration comes from the stories stage. Every row carries its report family
(``story_id``: the article and its copies) and its event cluster (``event_cluster_id``:
report families about one happening). GDELT's counts get GDELT's meaning:
NumArticles = the articles of the family (copies count), NumSources = its independent
sources (copies do not). Claims and quotes also carry their event cluster's independent and
underlying sources (``cluster_sources``, ``cluster_underlying_sources``: families resting on one
organisation's statement counted once); events carry the underlying count as
``num_underlying_sources`` (empty when the article is in no event cluster). With ``per_cluster``
an event cluster becomes one row, its
counts the cluster's; an article in no cluster stands for itself through its story.
"""
from __future__ import annotations

import json
import sqlite3
from collections import Counter, defaultdict
from typing import Any

from allegedly.store.lists import claims_where, events_where, quotes_where

_CORROBORATION = """
    LEFT JOIN story_members sm ON sm.article_id = {a}.article_id
    LEFT JOIN stories s ON s.id = sm.story_id
    LEFT JOIN event_cluster_members ecm ON ecm.story_id = sm.story_id
    LEFT JOIN event_clusters ec ON ec.id = ecm.cluster_id"""
_CORROBORATION_COLUMNS = """sm.story_id, ecm.cluster_id AS event_cluster_id,
    s.article_count AS story_articles, s.independent_count AS story_sources,
    ec.article_count AS cluster_articles, ec.independent_count AS cluster_sources,
    ec.underlying_count AS cluster_underlying_sources"""


def load_events(conn: sqlite3.Connection, *, per_cluster: bool = False, **filters) -> list[dict]:
    """Events with their article's fields, participants, place feature and corroboration counts."""
    w, _ = events_where(conn, **filters)
    rows = [dict(r) for r in conn.execute(
        f"""SELECT e.*, a.published AS article_published, a.url AS article_url, a.title AS article_title,
                   a.publisher AS article_publisher, a.outlet AS article_outlet, a.ingested_at AS article_ingested,
                   a.source AS article_source,
                   (SELECT feature FROM entities p WHERE p.ref_id = 'geonames:' || e.geonames_id LIMIT 1)
                       AS location_feature,
                   {_CORROBORATION_COLUMNS}
            FROM events e JOIN articles a ON a.id = e.article_id{_CORROBORATION.format(a='e')}{w}
            ORDER BY a.published, e.article_id, e.seq""", w.args)]
    _participants(conn, rows)
    _lead_paragraphs(conn, rows)
    for e in rows:
        e["num_articles"] = e["story_articles"] or 1
        e["num_sources"] = e["story_sources"] or 1
        e["num_underlying_sources"] = e["cluster_underlying_sources"]
        e["num_mentions"] = e["num_articles"]
    return by_cluster(rows) if per_cluster else rows


def _participants(conn: sqlite3.Connection, rows: list[dict]) -> None:
    wanted = {(e["article_id"], e["seq"]): e for e in rows}
    for e in rows:
        e["actors"], e["recipients"] = [], []
    articles = sorted({e["article_id"] for e in rows})
    for i in range(0, len(articles), 500):  # bounded IN lists: SQLite caps bound variables
        chunk = articles[i:i + 500]
        for p in conn.execute(
                f"""SELECT * FROM event_participants WHERE article_id IN ({','.join('?' * len(chunk))})
                    ORDER BY article_id, event_seq, role, seq""", chunk):
            e = wanted.get((p["article_id"], p["event_seq"]))
            if e is not None:
                (e["actors"] if p["role"] == "actor" else e["recipients"]).append(
                    {k: p[k] for k in ("text", "code", "sector", "start", "end")})


def _lead_paragraphs(conn: sqlite3.Connection, rows: list[dict]) -> None:
    """GDELT's IsRootEvent: the event is in the lead paragraph."""
    cuts: dict[str, int] = {}
    for e in rows:
        aid = e["article_id"]
        if aid not in cuts:
            text = conn.execute("SELECT text FROM articles WHERE id = ?", (aid,)).fetchone()[0]
            cut = text.find("\n\n", 1)
            cuts[aid] = cut if cut > 0 else len(text)
        e["article_text_first_para"] = cuts[aid]


def _signature(e: dict) -> tuple:
    actor = e["actors"][0]["code"] if e["actors"] else None
    return (e["type"], e.get("cameo_root"), (e.get("location_text") or "").lower(), actor)


def by_cluster(events: list[dict]) -> list[dict]:
    """One row per event cluster (or per story, for articles in no cluster): its most-reported event,
    with the cluster's article and independent-source counts."""
    groups: dict[str, list[dict]] = defaultdict(list)
    for e in events:
        groups[e["event_cluster_id"] or e["story_id"] or e["article_id"]].append(e)
    out = []
    for members in groups.values():
        counts = Counter(_signature(e) for e in members)
        best = min(members, key=lambda e: (-counts[_signature(e)], -(e.get("confidence") or 0),
                                           e.get("article_published") or "", e["article_id"], e["seq"]))
        row = dict(best)
        if best["event_cluster_id"]:
            row["num_articles"] = best["cluster_articles"] or row["num_articles"]
            row["num_sources"] = best["cluster_sources"] or row["num_sources"]
        else:
            row["num_articles"] = len({e["article_id"] for e in members}) if not best["story_id"] else row["num_articles"]
        row["num_mentions"] = counts[_signature(best)]
        out.append(row)
    return out


CLAIM_COLUMNS: tuple[str, ...] = (
    "article_id", "claim_idx", "text", "status", "confidence", "cues", "chain", "origin_name", "origin_kind",
    "start", "end", "part", "story_id", "event_cluster_id", "story_articles", "story_sources", "claim_appearances",
    "claim_independent_sources", "publisher", "published", "title", "url", "cluster_sources",
    "cluster_underlying_sources",
)
QUOTE_COLUMNS: tuple[str, ...] = (
    "article_id", "quote_idx", "text", "kind", "speaker", "affiliation", "cue", "chain", "start", "end",
    "story_id", "event_cluster_id", "story_articles", "story_sources", "publisher", "published", "title", "url",
    "cluster_sources", "cluster_underlying_sources",
)


def load_claims(conn: sqlite3.Connection, **filters) -> list[dict[str, Any]]:
    """Claims as flat rows: status, cues, chain, and how often the story's copies carry them."""
    w, _ = claims_where(conn, **filters)
    rows = conn.execute(
        f"""SELECT c.article_id, c.idx AS claim_idx, c.text, c.status, c.confidence, c.cues, c.chain_text AS chain,
                   c.origin_name, c.origin_kind, c.start, c."end", coalesce(c.part, 'text') AS part,
                   {_CORROBORATION_COLUMNS},
                   sc.appearances AS claim_appearances, sc.independent_count AS claim_independent_sources,
                   coalesce(a.publisher, a.outlet) AS publisher, a.published, a.title, a.url
            FROM claims c JOIN articles a ON a.id = c.article_id{_CORROBORATION.format(a='c')}
            LEFT JOIN claim_appearances ca ON ca.article_id = c.article_id AND ca.claim_seq = c.idx
            LEFT JOIN story_claims sc ON sc.story_id = ca.story_id AND sc.claim_group = ca.claim_group
            {w} ORDER BY a.published, c.article_id, c.idx""", w.args)
    out = []
    for r in rows:
        d = {k: r[k] for k in CLAIM_COLUMNS}
        d["cues"] = "; ".join(c["text"] or c["kind"] for c in json.loads(r["cues"] or "[]"))
        out.append(d)
    return out


def load_quotes(conn: sqlite3.Connection, **filters) -> list[dict[str, Any]]:
    """Quotes as flat rows: speaker, cue, kind, chain and the story's counts."""
    w, _ = quotes_where(conn, **filters)
    rows = conn.execute(
        f"""SELECT q.article_id, q.idx AS quote_idx, q.text, q.kind, q.speaker, q.affiliation, q.cue,
                   q.chain_text AS chain, q.start, q."end", {_CORROBORATION_COLUMNS},
                   coalesce(a.publisher, a.outlet) AS publisher, a.published, a.title, a.url
            FROM quotes q JOIN articles a ON a.id = q.article_id{_CORROBORATION.format(a='q')}
            {w} ORDER BY a.published, q.article_id, q.idx""", w.args)
    return [{k: r[k] for k in QUOTE_COLUMNS} for r in rows]
