"""Store writer and queries for claims, quotes and chain hops (migration 0002_provenance.sql)."""
from __future__ import annotations

import json
import sqlite3

from allegedly.provenance.chains import chain_text
from allegedly.records import ArticleRecord
from allegedly.store.writers import register_writer


@register_writer
def write_provenance(conn: sqlite3.Connection, record: ArticleRecord) -> None:
    # Rows gathered first, one executemany per table: a statement per claim was most of this writer's cost.
    claims, cues, quotes, hops = [], [], [], []
    parts = [(c, "text") for c in record.claims] + [(c, "title") for c in record.title_claims]
    for i, (c, part) in enumerate(parts):
        last = c.chain[-1] if c.chain else None
        claims.append((record.id, i, c.text, c.span[0], c.span[1], c.status, c.confidence,
                       json.dumps([x.as_dict() for x in c.cues], ensure_ascii=False),
                       last.name if last else None, last.kind if last else None, chain_text(c.chain), part))
        cues += [(record.id, i, x.text, x.kind, x.span[0], x.span[1]) for x in c.cues]
        hops += _hops(record.id, "claim", i, c.chain)
    for i, q in enumerate(record.quotes):
        quotes.append((record.id, i, q.text, q.span[0], q.span[1], q.speaker, q.affiliation, q.cue, q.kind,
                       chain_text(q.chain)))
        hops += _hops(record.id, "quote", i, q.chain)
    conn.executemany(
        """INSERT INTO claims (article_id, idx, text, start, "end", status, confidence, cues, origin_name,
                               origin_kind, chain_text, part) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)""", claims)
    conn.executemany("INSERT INTO claim_cues VALUES (?,?,?,?,?,?)", cues)
    conn.executemany("INSERT INTO quotes VALUES (?,?,?,?,?,?,?,?,?,?)", quotes)
    conn.executemany("INSERT INTO chain_hops VALUES (?,?,?,?,?,?,?,?)", hops)


def _hops(article_id, owner, idx, chain) -> list[tuple]:
    return [(article_id, owner, idx, j, h.name, h.kind, h.span[0] if h.span else None,
             h.span[1] if h.span else None) for j, h in enumerate(chain)]


ANONYMOUS_ORIGIN_SQL = "SELECT article_id, idx, text, chain_text FROM claims WHERE origin_kind = 'anonymous'"


def claims_from_anonymous(conn: sqlite3.Connection) -> list[tuple]:
    """All claims whose chain ends at an anonymous source."""
    return conn.execute(ANONYMOUS_ORIGIN_SQL).fetchall()
