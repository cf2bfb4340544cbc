"""Read-side questions about stories (CLI and web share them)."""
from __future__ import annotations

import json
import re
import sqlite3

from allegedly.errors import StoreError
from allegedly.store.readers import resolve_ref


def list_stories(conn: sqlite3.Connection, limit: int = 50, offset: int = 0) -> list[dict]:
    rows = conn.execute(
        """SELECT id, title, origin_article, origin_name, origin_via, origin_basis, article_count,
                  independent_count FROM stories ORDER BY article_count DESC, id LIMIT ? OFFSET ?""",
        (limit, offset),
    )
    return [dict(r) for r in rows]


def resolve_story(conn: sqlite3.Connection, ref: str) -> str:
    """A story id from its id, an id prefix or any member article id (prefix)."""
    ref = ref.strip()
    if not ref:
        raise StoreError("empty story reference")
    for sql in ("SELECT id FROM stories WHERE id = ?", "SELECT story_id FROM story_members WHERE article_id = ?"):
        row = conn.execute(sql, (ref,)).fetchone()
        if row:
            return row[0]
    # an id prefix is a range over hex ids: '%' or '_' is no wildcard here
    prefix = ref.lower() if re.fullmatch(r"[0-9a-fA-F]{1,16}", ref) else None
    found = {r[0] for r in conn.execute(
        "SELECT story_id FROM story_members WHERE article_id >= ? AND article_id < ?", (prefix, prefix + "g"))
    } if prefix else set()
    if len(found) == 1:
        return found.pop()
    if found:
        raise StoreError(f"story reference {ref!r} is ambiguous: {', '.join(sorted(found)[:5])} …")
    try:  # an article reference (source path, file name or stem)
        article = resolve_ref(conn, ref)
    except StoreError:
        article = None
    row = article and conn.execute("SELECT story_id FROM story_members WHERE article_id = ?", (article,)).fetchone()
    if row:
        return row[0]
    total = conn.execute("SELECT count(*) FROM stories").fetchone()[0]
    raise StoreError(f"no story matches {ref!r} (the store holds {total} stories; see `allegedly stories`)")


def story(conn: sqlite3.Connection, story_id: str) -> dict:
    row = conn.execute("SELECT * FROM stories WHERE id = ?", (story_id,)).fetchone()
    if row is None:
        raise StoreError(f"no story {story_id!r}")
    members = conn.execute(
        """SELECT m.article_id, coalesce(a.publisher, a.outlet) AS outlet, a.title, a.published
           FROM story_members m JOIN articles a ON a.id = m.article_id WHERE m.story_id = ? ORDER BY m.seq""",
        (story_id,),
    )
    edges = conn.execute("SELECT source, target, kind, score FROM copy_edges WHERE story_id = ?", (story_id,))
    claims = [dict(r) for r in conn.execute(
        "SELECT * FROM story_claims WHERE story_id = ? ORDER BY appearances DESC, claim_group", (story_id,))]
    for c in claims:
        c["origins"] = json.loads(c["origins"])
        c["appearances"] = [dict(r) for r in conn.execute(
            """SELECT article_id, claim_seq, outlet, status, text, origin_key, origin_label FROM claim_appearances
               WHERE story_id = ? AND claim_group = ?""", (story_id, c["claim_group"]))]
    return {"story": dict(row), "members": [dict(m) for m in members], "edges": [dict(e) for e in edges],
            "claims": claims}
