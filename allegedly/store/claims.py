"""One claim with what the store knows about it: chain, cues, events, places and its story's copies."""
from __future__ import annotations

import json
import sqlite3
from typing import Any

from allegedly.errors import StoreError
from allegedly.store.readers import resolve_ref


def get_claim(conn: sqlite3.Connection, article_ref: str, idx: int) -> dict[str, Any]:
    """Claim ``idx`` of the article ``article_ref`` names (id, id prefix or file name)."""
    article_id = resolve_ref(conn, article_ref)
    row = conn.execute(
        """SELECT c.article_id, c.idx, c.text, c.start, c."end", c.status, c.confidence, c.cues, c.origin_name,
                  c.origin_kind, c.chain_text, coalesce(c.part, 'text') AS part, a.title,
                  coalesce(a.publisher, a.outlet) AS publisher, a.published, a.url
           FROM claims c JOIN articles a ON a.id = c.article_id WHERE c.article_id = ? AND c.idx = ?""",
        (article_id, idx)).fetchone()
    if row is None:
        n = conn.execute("SELECT count(*) FROM claims WHERE article_id = ?", (article_id,)).fetchone()[0]
        raise StoreError(f"article {article_id} has no claim {idx} (it has {n}: 0 to {n - 1})" if n
                         else f"article {article_id} has no claims")
    claim = dict(row) | {"cues": json.loads(row["cues"] or "[]")}
    claim["chain"] = [dict(r) for r in conn.execute(
        """SELECT name, kind, start, "end" FROM chain_hops WHERE article_id = ? AND owner = 'claim' AND owner_idx = ?
           ORDER BY hop_idx""", (article_id, idx))]
    claim["events"] = [dict(r) for r in conn.execute(
        """SELECT seq, type, trigger, status, location_text, location_country, lat, lon,
                  coalesce(date_iso, report_date_iso) AS date FROM events WHERE article_id = ? AND claim_seq = ?
           ORDER BY seq""", (article_id, idx))]
    # a headline claim's offsets are the title's: the body's places are not in it
    claim["places"] = places_in(conn, article_id, claim["start"], claim["end"]) if claim["part"] == "text" else []
    story = conn.execute("SELECT story_id FROM story_members WHERE article_id = ?", (article_id,)).fetchone()
    claim["story_id"] = story[0] if story else None
    group = conn.execute("SELECT story_id, claim_group FROM claim_appearances WHERE article_id = ? AND claim_seq = ?",
                         (article_id, idx)).fetchone()
    claim["appearances"] = [dict(r) for r in conn.execute(
        """SELECT article_id, claim_seq, outlet, status, text, origin_label FROM claim_appearances
           WHERE story_id = ? AND claim_group = ? ORDER BY article_id, claim_seq""", tuple(group))] if group else []
    return claim


def places_in(conn: sqlite3.Connection, article_id: str, start: int, end: int) -> list[dict[str, Any]]:
    """Geocoded place mentions inside a span of the article."""
    return [dict(r) for r in conn.execute(
        """SELECT text, name, ref_id, country, lat, lon, feature FROM entities
           WHERE article_id = ? AND type = 'place' AND lat IS NOT NULL AND start >= ? AND "end" <= ?
           ORDER BY start""", (article_id, start, end))]
