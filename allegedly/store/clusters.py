"""Event clusters in the store: place each saved article, keep each cluster's corroboration.

Called by the stories writer right after the article's story is known, inside the same
transaction. The event index lives in memory per connection and is rebuilt from
``event_cluster_articles`` (bags of keys, no text) when it is out of step with the table.
"""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable

from allegedly.records import ArticleRecord
from allegedly.store import index_state
from allegedly.store.connection import now
from allegedly.stories.clusters import EventFeatures, EventIndex, event_features
from allegedly.stories.corroboration import underlying
from allegedly.stories.names import origin_key

_INDEXES: dict[int, tuple[tuple, EventIndex]] = {}
_KEEP = 4
STATE = "events"


def _fingerprint(conn) -> tuple:
    last = conn.execute("SELECT seq, article_id FROM event_cluster_articles ORDER BY seq DESC LIMIT 1").fetchone()
    return tuple(last) if last else (-1, None)


def forget(conn) -> None:
    _INDEXES.pop(id(conn), None)


def load_event_index(conn: sqlite3.Connection) -> EventIndex:
    """The event index of this store: from memory when in step, else the saved state
    (store/index_state.py) plus the rows stored after it, else every row replayed."""
    fp = _fingerprint(conn)
    cached = _INDEXES.get(id(conn))
    if cached is not None and cached[0] == fp:
        return cached[1]
    index, after = index_state.load(conn, STATE, "event_cluster_articles")
    if after < 0 or not isinstance(index, EventIndex):
        index, after = EventIndex(), -1
    rows = conn.execute("SELECT article_id, day, bag, prior, embedding FROM event_cluster_articles WHERE seq > ? "
                        "ORDER BY seq", (after,)).fetchall()
    for aid, day, bag, prior, emb in rows:
        linked = [b for (b,) in conn.execute("SELECT other_id FROM story_links WHERE article_id = ?", (aid,))]
        index.add(EventFeatures(aid, json.loads(bag), day, json.loads(prior or "{}"), bytes(emb) if emb else None),
                  linked)
    _remember(conn, index, fp)
    return index


def _remember(conn, index: EventIndex, fp: tuple) -> None:
    if id(conn) not in _INDEXES and len(_INDEXES) >= _KEEP:
        _INDEXES.pop(next(iter(_INDEXES)))
    _INDEXES[id(conn)] = (fp, index)


def save_state(conn: sqlite3.Connection) -> None:
    """Save this connection's event index in the store, when in step with it."""
    cached = _INDEXES.get(id(conn))
    at = index_state.mark(conn, "event_cluster_articles")
    if cached is not None and at is not None and cached[0] == (at.seq, at.article_id):
        index_state.save(conn, STATE, cached[1], at)


def propose(conn: sqlite3.Connection, record: ArticleRecord) -> tuple[EventFeatures, Callable[[str], bool]]:
    """The article's event features and the ``same_event`` test the story index asks before
    a citation link: does the other article lie in the cluster this one's content proposes?"""
    index = load_event_index(conn)
    f = event_features(record)
    proposed = index.propose(f)
    return f, lambda other: proposed is not None and index.cluster_of(other) == proposed


def place(conn: sqlite3.Connection, f: EventFeatures, story_id: str, linked: list[str],
          merged_stories: list[str]) -> str:
    """Put one stored article (already in ``story_id``, linked to ``linked``) into its event
    cluster and refresh that cluster's row; returns the cluster id."""
    index = load_event_index(conn)
    placed = index.add(f, linked, observed=True)
    cid = index.find(placed.cluster_id)
    seq = conn.execute("SELECT coalesce(max(seq), -1) + 1 FROM event_cluster_articles").fetchone()[0]
    conn.execute(
        """INSERT INTO event_cluster_articles(article_id, cluster_id, seq, day, score, bag, prior, embedding)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""",
        (f.article_id, cid, seq, f.day, placed.score, json.dumps(f.bag, ensure_ascii=False, sort_keys=True),
         json.dumps({k: round(p, 6) for k, p in f.prior.items()}, ensure_ascii=False, sort_keys=True), f.embedding),
    )
    for old in merged_stories:
        conn.execute("DELETE FROM event_cluster_members WHERE story_id = ?", (old,))
    for old in placed.merged:
        conn.execute("UPDATE event_cluster_articles SET cluster_id = ? WHERE cluster_id = ?", (cid, old))
        conn.execute("UPDATE event_cluster_members SET cluster_id = ? WHERE cluster_id = ?", (cid, old))
        conn.execute("DELETE FROM event_clusters WHERE id = ?", (old,))
    conn.execute(
        """INSERT INTO event_cluster_members(story_id, cluster_id, score) VALUES (?, ?, ?)
           ON CONFLICT(story_id) DO UPDATE SET cluster_id = excluded.cluster_id""",
        (story_id, cid, placed.score),
    )
    refresh_cluster(conn, cid)
    _remember(conn, index, _fingerprint(conn))
    return cid


def refresh_cluster(conn: sqlite3.Connection, cluster_id: str) -> None:
    """Recompute one cluster's row from its stories: families, distinct origins, dates."""
    stories = conn.execute(
        """SELECT s.id, s.title, s.origin_name, s.origin_via, s.article_count, s.rests_on, s.reporters
           FROM event_cluster_members m
           JOIN stories s ON s.id = m.story_id WHERE m.cluster_id = ? ORDER BY s.article_count DESC, s.id""",
        (cluster_id,),
    ).fetchall()
    if not stories:
        conn.execute("DELETE FROM event_clusters WHERE id = ?", (cluster_id,))
        return
    sources: dict[str, str] = {}
    for sid, _, name, via, *_ in stories:
        sources.setdefault(origin_key(name, sid), (name or "?") + (f" (via {via})" if via else ""))
    behind = underlying([(name, via, sid, giver, json.loads(who or "[]")) for sid, _, name, via, _, giver, who in stories])
    first, last = conn.execute(
        """SELECT min(substr(a.published, 1, 10)), max(substr(a.published, 1, 10)) FROM event_cluster_articles e
           JOIN articles a ON a.id = e.article_id WHERE e.cluster_id = ? AND a.published IS NOT NULL""",
        (cluster_id,),
    ).fetchone()
    conn.execute(
        """INSERT INTO event_clusters(id, title, first_date, last_date, story_count, article_count,
               independent_count, sources, underlying_count, underlying_sources, updated_at)
           VALUES (?,?,?,?,?,?,?,?,?,?,?)
           ON CONFLICT(id) DO UPDATE SET title = excluded.title, first_date = excluded.first_date,
               last_date = excluded.last_date, story_count = excluded.story_count,
               article_count = excluded.article_count, independent_count = excluded.independent_count,
               sources = excluded.sources, underlying_count = excluded.underlying_count,
               underlying_sources = excluded.underlying_sources, updated_at = excluded.updated_at""",
        (cluster_id, next((t for _, t, *_ in stories if t), ""), first, last, len(stories), sum(s[4] for s in stories), len(sources),
         json.dumps(list(sources.values()), ensure_ascii=False), len(behind), json.dumps(behind, ensure_ascii=False),
         now()),
    )
