"""The story and event-cluster indexes saved in the store (table ``index_state``).

An index is a function of the articles it was fed, in order, and of nothing else; each
keeps only what its time window holds. So the state saved after arrival ``seq`` plus the
rows stored after it gives the same index as feeding every row again: a run over day N+1
loads the saved window and replays only what came since, instead of days 1..N.

The state is a pickle, read back with an unpickler that only builds the index classes,
numpy arrays and plain containers: a store file from elsewhere cannot make it run code.
"""
from __future__ import annotations

import io
import pickle
import sqlite3
from dataclasses import dataclass

from allegedly.store.connection import now

FORMAT = 1
_ALLOWED = {
    "builtins": {"set", "frozenset", "dict", "list", "tuple", "int", "float", "str", "bytes", "bool", "complex"},
    "collections": {"deque", "Counter", "OrderedDict", "defaultdict"},
    "numpy": {"ndarray", "dtype"},
    "numpy.core.multiarray": {"_reconstruct", "scalar"},
    "numpy._core.multiarray": {"_reconstruct", "scalar"},
    "numpy.core.numeric": {"_frombuffer"},
    "numpy._core.numeric": {"_frombuffer"},
    "allegedly.stories.index": {"StoryIndex", "Link"},
    "allegedly.stories.lsh": {"BandIndex"},
    "allegedly.stories.features": {"Features"},
    "allegedly.stories.clusters": {"EventIndex", "Cluster", "EventFeatures"},
}


class _Restricted(pickle.Unpickler):
    def find_class(self, module: str, name: str):
        if name in _ALLOWED.get(module, ()):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"index_state: {module}.{name} is not part of an index")


@dataclass(frozen=True, slots=True)
class Mark:
    """The last arrival a saved state includes, and the rows up to it."""

    seq: int
    article_id: str
    row_count: int


def mark(conn: sqlite3.Connection, table: str) -> Mark | None:
    """Where ``table`` (story_members | event_cluster_articles) stands now."""
    last = conn.execute(f"SELECT seq, article_id FROM {table} ORDER BY seq DESC LIMIT 1").fetchone()
    if last is None:
        return None
    return Mark(last[0], last[1], conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def save(conn: sqlite3.Connection, name: str, index, at: Mark) -> int:
    """Save ``index`` as it stands after arrival ``at``; returns the state's size in bytes."""
    blob = pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL)
    conn.execute("DELETE FROM index_state WHERE name = ?", (name,))
    conn.execute(
        """INSERT INTO index_state(name, format, seq, article_id, row_count, state, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)""",
        (name, FORMAT, at.seq, at.article_id, at.row_count, blob, now()),
    )
    return len(blob)


def load(conn: sqlite3.Connection, name: str, table: str):
    """(index, seq) of the saved state when the rows it covers are unchanged, else (None, -1)."""
    row = conn.execute(
        "SELECT format, seq, article_id, row_count, state FROM index_state WHERE name = ?", (name,)
    ).fetchone()
    if row is None or row[0] != FORMAT:
        return None, -1
    _, seq, article_id, row_count, blob = row
    at = conn.execute(f"SELECT article_id FROM {table} WHERE seq = ?", (seq,)).fetchone()
    covered = conn.execute(f"SELECT count(*) FROM {table} WHERE seq <= ?", (seq,)).fetchone()[0]
    if at is None or at[0] != article_id or covered != row_count:
        return None, -1  # rebuilt, or rows replaced since: replay everything
    try:
        return _Restricted(io.BytesIO(bytes(blob))).load(), seq
    except Exception:  # noqa: BLE001 - an unreadable state costs a replay, never the run
        return None, -1


def forget(conn: sqlite3.Connection) -> None:
    conn.execute("DELETE FROM index_state")
