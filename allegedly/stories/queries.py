"""Read-side questions about stories (CLI and web share them)."""
from __future__ import annotations

import json
import re
import sqlite3

from allegedly.errors import StoreError
from allegedly.store.readers import resolve_ref


def list_stories(conn: sqlite3.Connection, limit: int = 50, offset: int = 0) -> list[dict]:
    rows = conn.execute(
        """SELECT s.id, s.title, s.origin_article, s.origin_name, s.origin_via, s.origin_basis, s.article_count,
                  s.independent_count, s.rests_on, m.cluster_id AS event_cluster_id,
                  c.independent_count AS event_independent_count, c.underlying_count AS event_underlying_count
           FROM stories s LEFT JOIN event_cluster_members m ON m.story_id = s.id
           LEFT JOIN event_clusters c ON c.id = m.cluster_id
           ORDER BY s.article_count DESC, s.id LIMIT ? OFFSET ?""",
        (limit, offset),
    )
    return [dict(r) for r in rows]


def list_clusters(conn: sqlite3.Connection, limit: int = 50, offset: int = 0) -> list[dict]:
    """Event clusters, most families first: each with its families (origin, article count)."""
    rows = [dict(r) for r in conn.execute(
        """SELECT * FROM event_clusters ORDER BY story_count DESC, article_count DESC, id LIMIT ? OFFSET ?""",
        (limit, offset))]
    for r in rows:
        _decode(r)
        r["families"] = cluster_families(conn, r["id"])
    return rows


def _decode(cluster: dict) -> dict:
    """JSON columns as lists; a row written before migration 0012 has no underlying sources yet."""
    cluster["sources"] = json.loads(cluster["sources"])
    cluster["underlying_sources"] = json.loads(cluster.get("underlying_sources") or "null")
    return cluster


def cluster_families(conn: sqlite3.Connection, cluster_id: str) -> list[dict]:
    return [dict(f) for f in conn.execute(
        """SELECT s.id, s.title, s.origin_article, s.origin_name, s.origin_via, s.origin_basis, s.article_count,
                  s.independent_count, s.rests_on, m.score FROM event_cluster_members m JOIN stories s ON s.id = m.story_id
           WHERE m.cluster_id = ? ORDER BY s.article_count DESC, s.id""", (cluster_id,))]


def _by_prefix(conn: sqlite3.Connection, sql: str, ref: str, what: str) -> str | None:
    """The one id a hex prefix names, through ``sql`` over the range [prefix, prefix + 'g');
    a range, not LIKE, so '%' or '_' is no wildcard. None when the prefix names nothing."""
    if not re.fullmatch(r"[0-9a-fA-F]{1,16}", ref):
        return None
    prefix = ref.lower()
    found = {r[0] for r in conn.execute(sql, (prefix, prefix + "g"))}
    if len(found) > 1:
        raise StoreError(f"{what} reference {ref!r} is ambiguous: {', '.join(sorted(found)[:5])} …")
    return found.pop() if found else None


def resolve_cluster(conn: sqlite3.Connection, ref: str) -> str:
    """An event cluster id from its id, an id prefix, a member story or a member article."""
    ref = ref.strip()
    if not ref:
        raise StoreError("empty event-cluster reference")
    row = conn.execute("SELECT id FROM event_clusters WHERE id = ?", (ref,)).fetchone()
    if row:
        return row[0]
    found = _by_prefix(conn, "SELECT id FROM event_clusters WHERE id >= ? AND id < ?", ref, "event-cluster")
    if found:
        return found
    try:
        story_id = resolve_story(conn, ref)
    except StoreError:
        story_id = None
    row = story_id and conn.execute("SELECT cluster_id FROM event_cluster_members WHERE story_id = ?",
                                    (story_id,)).fetchone()
    if row:
        return row[0]
    total = conn.execute("SELECT count(*) FROM event_clusters").fetchone()[0]
    raise StoreError(f"no event cluster matches {ref!r} (the store holds {total}; see `allegedly happenings`)")


def cluster(conn: sqlite3.Connection, cluster_id: str) -> dict:
    row = conn.execute("SELECT * FROM event_clusters WHERE id = ?", (cluster_id,)).fetchone()
    if row is None:
        raise StoreError(f"no event cluster {cluster_id!r}")
    data = _decode(dict(row))
    families = cluster_families(conn, cluster_id)
    for f in families:
        f["members"] = [dict(m) for m in conn.execute(
            """SELECT m.article_id, coalesce(a.publisher, a.outlet) AS outlet, a.title, a.published, a.url
               FROM story_members m JOIN articles a ON a.id = m.article_id WHERE m.story_id = ? ORDER BY m.seq""",
            (f["id"],))]
    return {"cluster": data, "families": families}


def resolve_story(conn: sqlite3.Connection, ref: str) -> str:
    """A story id from its id, an id prefix or any member article id (prefix)."""
    ref = ref.strip()
    if not ref:
        raise StoreError("empty story reference")
    for sql in ("SELECT id FROM stories WHERE id = ?", "SELECT story_id FROM story_members WHERE article_id = ?"):
        row = conn.execute(sql, (ref,)).fetchone()
        if row:
            return row[0]
    found = _by_prefix(conn, "SELECT story_id FROM story_members WHERE article_id >= ? AND article_id < ?",
                       ref, "story")
    if found:
        return found
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
    cl = conn.execute(
        """SELECT c.id, c.title, c.story_count, c.article_count, c.independent_count, c.sources,
                  c.underlying_count, c.underlying_sources
           FROM event_cluster_members m JOIN event_clusters c ON c.id = m.cluster_id WHERE m.story_id = ?""",
        (story_id,)).fetchone()
    event_cluster = dict(cl) if cl else None
    if event_cluster:
        _decode(event_cluster)
    return {"story": dict(row), "event_cluster": event_cluster, "members": [dict(m) for m in members],
            "edges": [dict(e) for e in edges], "claims": claims}
