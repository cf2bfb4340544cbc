"""Bounded story and event-cluster indexes: the time window, and the state saved in the store.

A run over day N+1 starts from the state the last run saved (index_state) and replays only
what came since; its stories and event clusters must equal one run over all days.
"""
from __future__ import annotations

import json
import pickle
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from allegedly.records import ArticleRecord
from allegedly.store import clusters as store_clusters
from allegedly.store import index_state
from allegedly.store import stories as store_stories
from allegedly.store.connection import connect
from allegedly.store.writers import save_record
from allegedly.stories import index as story_index
from allegedly.stories.features import features
from allegedly.stories.index import StoryIndex
from conftest import needs_shared

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "eval"))

ROOT = Path(__file__).resolve().parent.parent
TABLES = {
    "story_members": "article_id, story_id, seq",
    "story_links": "article_id, other_id, kind, score",
    "stories": "id, title, origin_article, origin_name, origin_via, origin_basis, article_count, independent_count",
    "copy_edges": "story_id, source, target, kind, score",
    "story_claims": "story_id, claim_group, text, appearances, independent_count, origins",
    "event_cluster_articles": "article_id, cluster_id, seq, day, score",
    "event_cluster_members": "story_id, cluster_id, score",
    "event_clusters": "id, title, first_date, last_date, story_count, article_count, independent_count, sources",
}


def _tables(conn) -> dict[str, list[tuple]]:
    return {t: sorted(map(tuple, conn.execute(f"SELECT {cols} FROM {t}")), key=repr) for t, cols in TABLES.items()}


def _new_process() -> None:
    """What a new `allegedly ingest` process starts with: no index in memory."""
    store_stories._INDEXES.clear()
    store_clusters._INDEXES.clear()


def _dated(i: int, text: str, day: int) -> ArticleRecord:
    return ArticleRecord(id=f"a{i}", title="", text=text, outlet=f"Outlet {i % 5}", publisher=f"Outlet {i % 5}",
                         published=f"2021-{1 + day // 28:02d}-{1 + day % 28:02d}")


def test_the_window_retires_old_articles_and_keeps_their_stories(monkeypatch):
    monkeypatch.setattr(story_index, "KEEP_RECENT", 10)
    monkeypatch.setattr(story_index, "RETAIN", 5)
    index = StoryIndex()
    base = "The Harwick council voted on {} to close the Elm Street bridge for repairs lasting {} months."
    for i in range(120):
        text = base.format(f"item {i // 2}", i // 2) + f" Residents of ward {i // 2} object. " * 3
        index.add(features(_dated(i, text, day=i // 4)))
    live = len(index.features)
    assert live <= 10 + 6 * 4  # the recent ones, and what lies within RETAIN days of the newest
    assert len(index) == 120 and set(index.order) == set(index.features) == set(index.story)
    numbers = set(index.ids)
    held = set()
    for lsh in (index.text_lsh, index.bag_lsh):
        for bucket in lsh.buckets:
            for v in bucket.values():
                held.update(v if isinstance(v, list) else [v])
    assert held == numbers  # retired articles leave every bucket
    for k, ids in index.names.items():
        assert ids is None or set(ids) <= set(index.features)
    # a story whose first article left keeps its id for its live members
    assert all(index.story_of(a) in index.members for a in index.features)


def test_a_state_from_elsewhere_cannot_run_code(tmp_path):
    conn = connect(tmp_path / "s.db")

    class Evil:
        def __reduce__(self):
            return (print, ("pwned",))

    conn.execute("""INSERT INTO index_state(name, format, seq, article_id, row_count, state, updated_at)
                    VALUES ('stories', ?, 0, 'x', 1, ?, '')""", (index_state.FORMAT, pickle.dumps(Evil())))
    # no story_members row matches the mark, and the blob would be refused anyway
    assert index_state.load(conn, "stories", "story_members") == (None, -1)
    with pytest.raises(pickle.UnpicklingError):
        index_state._Restricted(__import__("io").BytesIO(pickle.dumps(Evil()))).load()


def _store(conn, records) -> None:
    for r in records:
        assert save_record(conn, r)


@needs_shared
def test_two_runs_split_by_date_equal_one_run(tmp_path, monkeypatch, wikinews):
    """Copies, rewrites and quoting pages of the real Wikinews articles (eval/build_story_corpus.py),
    stored in one run, and in two runs split at the median date with a new process between; with
    a window small enough that the first run's articles are retired before the second starts."""
    from build_story_corpus import build

    monkeypatch.setattr(story_index, "KEEP_RECENT", 30)
    monkeypatch.setattr(story_index, "RETAIN", 90)
    records = [r for r, *_ in build(wikinews, sources=40, seed=5)]
    days = sorted(r.published[:10] for r in records if r.published)
    cut = days[len(days) // 2]
    first = [r for r in records if (r.published or "")[:10] < cut]
    second = [r for r in records if (r.published or "")[:10] >= cut]
    assert first and second

    _new_process()
    one = connect(tmp_path / "one.db")
    _store(one, first + second)

    _new_process()
    two = connect(tmp_path / "two.db")
    _store(two, first)
    store_stories.save_state(two)
    saved = two.execute("SELECT name, seq FROM index_state ORDER BY name").fetchall()
    assert [n for n, _ in saved] == ["events", "stories"]
    two.close()

    _new_process()
    two = connect(tmp_path / "two.db")
    replayed = []
    real_add = StoryIndex.add
    monkeypatch.setattr(StoryIndex, "add", lambda self, f, links=None, same_event=None:
                        (replayed.append(f.article_id) if links is not None else None) or
                        real_add(self, f, links, same_event))
    _store(two, second)
    assert replayed == []  # the second run started from the saved state, not from days 1..N
    index = store_stories.load_index(two)
    assert len(index.features) < len(records)  # the window did retire articles

    a, b = _tables(one), _tables(two)
    for table in TABLES:
        assert a[table] == b[table], table
    assert len({r[1] for r in a["story_members"]}) < len(records)  # some families formed
    assert a["event_clusters"]


def test_second_ingest_run_on_a_later_day_equals_one_run(tmp_path):
    """`allegedly ingest` twice (the bundled articles split by date) equals one run over all."""
    from allegedly.cli import main

    lines = (ROOT / "examples" / "articles" / "wikinews.jsonl").read_text(encoding="utf-8").splitlines()
    rows = sorted((json.loads(l) for l in lines if l.strip()), key=lambda d: d.get("published") or "")
    half = len(rows) // 2
    parts = []
    for name, chunk in (("early.jsonl", rows[:half]), ("late.jsonl", rows[half:]), ("all.jsonl", rows)):
        path = tmp_path / name
        path.write_text("".join(json.dumps(d) + "\n" for d in chunk), encoding="utf-8")
        parts.append(path)
    runner = CliRunner()
    _new_process()
    assert runner.invoke(main, ["ingest", str(parts[2]), "--db", str(tmp_path / "one.db"), "--workers", "1"]).exit_code == 0
    for p in parts[:2]:
        _new_process()
        out = runner.invoke(main, ["ingest", str(p), "--db", str(tmp_path / "two.db"), "--workers", "1"])
        assert out.exit_code == 0, out.output
    one, two = connect(tmp_path / "one.db"), connect(tmp_path / "two.db")
    assert two.execute("SELECT count(*) FROM index_state").fetchone()[0] == 2
    a, b = _tables(one), _tables(two)
    for table in TABLES:
        assert a[table] == b[table], table
