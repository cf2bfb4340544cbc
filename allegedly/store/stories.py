"""Stories in the store: the writer that clusters each saved article (its report family, then
its event cluster: store/clusters.py), and rebuild.

``update(conn, record)`` is registered as a store writer, so it runs inside the
article's transaction. The story index lives in memory per connection; when it is
out of step with ``story_members`` (a new process, a rollback, ``ingest --force``, another
process writing the same file) it is loaded from the state saved in ``index_state``
(store/index_state.py: the index's time window, no text) and the rows stored after that
state are replayed — all rows only when no usable state is saved.
"""
from __future__ import annotations

import json
import sqlite3
from collections import OrderedDict
from datetime import date
import numpy as np

from allegedly.records import ArticleRecord
from allegedly.store import index_state
from allegedly.store.clusters import forget, place, propose
from allegedly.store.connection import now, transaction
from allegedly.store.readers import load_record
from allegedly.store.writers import register_writer
from allegedly.stories.analysis import StoryView, analyse
from allegedly.stories.features import Features, features
from allegedly.stories.index import Link, StoryIndex

# sqlite3.Connection takes no weak references or attributes: key by id() and check a
# fingerprint (last arrival) so a reused id or a stale index is noticed.
_INDEXES: dict[int, tuple[tuple, StoryIndex]] = {}
_KEEP = 4
STATE = "stories"

# The records of this connection's latest articles, for the refreshes of their stories: without
# it, the article saved a moment ago was parsed back from its JSON when the next member of its
# story arrived. An entry counts only while its row is the same (pk and length of the stored
# JSON): a replaced article, or one whose save was rolled back, is read from the store again.
_RECORDS: dict[int, OrderedDict[str, tuple[tuple, ArticleRecord]]] = {}
KEEP_RECORDS = 128


def _fingerprint(conn) -> tuple:
    last = conn.execute("SELECT seq, article_id FROM story_members ORDER BY seq DESC LIMIT 1").fetchone()
    return tuple(last) if last else (-1, None)


def _features(row) -> Features:
    aid, published, size, bag_size, tsig, bsig, ents, passages, outlet, credit = row
    return Features(aid, np.frombuffer(tsig, dtype=np.uint32), np.frombuffer(bsig, dtype=np.uint32),
                    frozenset(json.loads(ents)), published, size, bag_size,
                    np.frombuffer(passages or b"", dtype=np.uint32), outlet or "", credit)


def load_index(conn: sqlite3.Connection) -> StoryIndex:
    """The story index of this store, from memory when it is still in step."""
    fp = _fingerprint(conn)
    cached = _INDEXES.get(id(conn))
    if cached is not None and cached[0] == fp:
        return cached[1]
    _RECORDS.pop(id(conn), None)  # out of step (or a new connection with a reused id): keep nothing older
    index, after = index_state.load(conn, STATE, "story_members")
    index = index if isinstance(index, StoryIndex) else StoryIndex()
    if after < 0:
        index = StoryIndex()
    else:  # "today" bounds trusted dates (a page dated next year must not retire the window)
        index.today = max(index.today, date.today().toordinal())
    rows = conn.execute(
        """SELECT article_id, published, size, bag_size, text_sig, bag_sig, entities, passages, outlet_key, credit
           FROM story_members WHERE seq > ? ORDER BY seq""", (after,)
    ).fetchall()
    for row in rows:
        links = [Link(b, kind, score) for b, kind, score in conn.execute(
            "SELECT other_id, kind, score FROM story_links WHERE article_id = ?", (row[0],))]
        index.add(_features(row), links)
    _remember(conn, index, fp)
    return index


def _remember(conn, index: StoryIndex, fp: tuple) -> None:
    if id(conn) not in _INDEXES and len(_INDEXES) >= _KEEP:
        _INDEXES.pop(next(iter(_INDEXES)))
    _INDEXES[id(conn)] = (fp, index)


def save_state(conn: sqlite3.Connection) -> None:
    """Save this connection's story and event indexes in the store, when in step with it."""
    from allegedly.store import clusters

    with transaction(conn):
        cached = _INDEXES.get(id(conn))
        at = index_state.mark(conn, "story_members")
        if cached is not None and at is not None and cached[0] == (at.seq, at.article_id):
            index_state.save(conn, STATE, cached[1], at)
        clusters.save_state(conn)


@register_writer
def update(conn: sqlite3.Connection, record: ArticleRecord) -> str:
    """Cluster one stored article into its story and refresh that story; returns the story id."""
    index = load_index(conn)
    if record.id in index:
        return index.story_of(record.id)
    event_f, same_event = propose(conn, record)
    f = features(record)
    added = index.add(f, same_event=same_event)
    seq = conn.execute("SELECT coalesce(max(seq), -1) + 1 FROM story_members").fetchone()[0]
    conn.execute(
        """INSERT INTO story_members(article_id, story_id, seq, published, size, bag_size, text_sig, bag_sig, entities,
               passages, outlet_key, credit)
           VALUES (?,?,?,?,?,?,?,?,?,?,?,?)""",
        (record.id, added.story_id, seq, f.published, f.size, f.bag_size,
         f.text_sig.tobytes(), f.bag_sig.tobytes(), json.dumps(sorted(f.entities), ensure_ascii=False),
         f.passages.tobytes(), f.outlet, f.credit),
    )
    conn.executemany(
        """INSERT INTO story_links(article_id, other_id, kind, score) VALUES (?,?,?,?)
           ON CONFLICT(article_id, other_id) DO UPDATE SET kind = excluded.kind, score = excluded.score""",
        [(record.id, link.other, link.kind, link.score) for link in added.links],
    )
    for old in added.merged:
        conn.execute("UPDATE story_members SET story_id = ? WHERE story_id = ?", (added.story_id, old))
        conn.execute("DELETE FROM stories WHERE id = ?", (old,))
    _remember(conn, index, (seq, record.id))
    _keep_record(conn, record)
    refresh(conn, added.story_id, index, known={record.id: record})
    place(conn, event_f, added.story_id, [link.other for link in added.links], added.merged)
    return added.story_id


def refresh(conn: sqlite3.Connection, story_id: str, index: StoryIndex,
            known: dict[str, ArticleRecord] | None = None) -> StoryView:
    """Recompute one story's origin, copy graph and claims from its stored articles.

    ``known`` holds records already in hand (the one just saved), so they are not read back from JSON."""
    known = known or {}
    rows = conn.execute("SELECT article_id, size, seq FROM story_members WHERE story_id = ?", (story_id,)).fetchall()
    ids = [r[0] for r in rows]
    records = _records(conn, ids, known)
    marks = ",".join("?" * len(ids))
    links = conn.execute(
        f"SELECT article_id, other_id, kind, score FROM story_links WHERE article_id IN ({marks})", ids
    ).fetchall()
    # sizes and arrival order from the rows: members past the index's window are in the story too
    view = analyse(story_id, records, [tuple(l) for l in links], {r[0]: r[1] for r in rows},
                   {r[0]: r[2] for r in rows})
    write_view(conn, view)
    return view


def _row_marks(conn, ids: list[str]) -> dict[str, tuple]:
    marks = ",".join("?" * len(ids))
    return {aid: (pk, n) for aid, pk, n in
            conn.execute(f"SELECT id, pk, length(record) FROM articles WHERE id IN ({marks})", ids)}


def _keep_record(conn, record: ArticleRecord) -> None:
    if id(conn) not in _RECORDS and len(_RECORDS) >= _KEEP:
        _RECORDS.pop(next(iter(_RECORDS)))
    kept = _RECORDS.setdefault(id(conn), OrderedDict())
    kept[record.id] = (_row_marks(conn, [record.id]).get(record.id), record)
    kept.move_to_end(record.id)
    while len(kept) > KEEP_RECORDS:
        kept.popitem(last=False)


def _records(conn, ids: list[str], known: dict[str, ArticleRecord]) -> list[ArticleRecord]:
    """The records of ``ids``: in hand, kept from their save while their rows are unchanged, else read."""
    wanted = [i for i in ids if i not in known]
    if not wanted:
        return [known[i] for i in ids]
    kept, marks = _RECORDS.get(id(conn), {}), _row_marks(conn, wanted)
    out = []
    for i in ids:
        hit = known.get(i) or (kept[i][1] if i in kept and kept[i][0] == marks.get(i) else None)
        out.append(hit if hit is not None else load_record(conn, i))
    return out


def write_view(conn: sqlite3.Connection, v: StoryView) -> None:
    conn.execute("DELETE FROM stories WHERE id = ?", (v.id,))
    conn.execute(
        """INSERT INTO stories(id, title, origin_article, origin_name, origin_via, origin_basis, article_count,
               independent_count, rests_on, reporters, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)""",
        (v.id, v.title, v.origin.article_id, v.origin.name, v.origin.via, v.origin.basis, len(v.article_ids),
         v.independent, v.rests_on, json.dumps(list(v.reporters)), now()),
    )
    conn.executemany(
        "INSERT INTO copy_edges(story_id, source, target, kind, score) VALUES (?,?,?,?,?)",
        [(v.id, e.source, e.target, e.kind, e.score) for e in v.edges],
    )
    conn.executemany(  # one statement per table, not one per claim
        """INSERT INTO story_claims(story_id, claim_group, text, appearances, independent_count, origins)
           VALUES (?,?,?,?,?,?)""",
        [(v.id, c.group, c.text, len(c.appearances), len(c.independent),
          json.dumps([o.label for o in c.independent], ensure_ascii=False)) for c in v.claims],
    )
    conn.executemany(
        """INSERT INTO claim_appearances(story_id, claim_group, article_id, claim_seq, outlet, status, text,
               origin_key, origin_label) VALUES (?,?,?,?,?,?,?,?,?)""",
        [(v.id, c.group, a.article_id, a.seq, a.outlet, a.status, a.text, o.key, o.label)
         for c in v.claims for a, o in c.appearances],
    )


def rebuild(conn: sqlite3.Connection) -> int:
    """Recompute every story from the stored articles, in their arrival order; returns the story count."""
    with transaction(conn):
        for table in ("claim_appearances", "story_claims", "copy_edges", "stories", "story_links", "story_members",
                      "event_cluster_members", "event_clusters", "event_cluster_articles", "index_state"):
            conn.execute(f"DELETE FROM {table}")
        _INDEXES.pop(id(conn), None)
        forget(conn)
        for (aid,) in conn.execute("SELECT id FROM articles ORDER BY pk").fetchall():
            update(conn, load_record(conn, aid))
        save_state(conn)
    return conn.execute("SELECT count(*) FROM stories").fetchone()[0]
