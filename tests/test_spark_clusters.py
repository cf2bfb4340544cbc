"""Story clustering by blocking key (spark/blocking.py, spark/assign.py) equals ingest's
one-article-at-a-time clustering: the candidates, the stories, the event clusters, and
every story table of a store loaded in bulk from the Spark stages."""
from __future__ import annotations

import json
import shutil
import sqlite3
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT, needs_shared, wikinews_paths
from test_spark import assert_same_stories, needs_spark

from allegedly.spark.assign import assign, verify_pair
from allegedly.spark.blocking import candidates_in_memory
from allegedly.stories.clusters import event_features
from allegedly.stories.engine import cluster_all
from allegedly.stories.features import features
from allegedly.stories.index import StoryIndex


def _synthetic(n: int, per_day: int):
    sys.path.insert(0, str(ROOT / "bench"))
    sys.path.insert(0, str(ROOT / "eval"))
    from stories_scale import synthesise

    return [r for r, _ in synthesise(n, seed=3, per_day=per_day)]


@pytest.fixture(scope="module")
def synthetic():
    return _synthetic(1200, per_day=60)


@needs_shared
def test_blocking_keys_give_the_story_index_candidates(synthetic):
    feats = [features(r) for r in synthetic]
    index, seq = StoryIndex(), {f.article_id: i for i, f in enumerate(feats)}
    expected = set()
    for i, f in enumerate(feats):
        expected |= {(i, seq[c]) for c in index.candidates(f)}
        index.add(f, [])
    assert candidates_in_memory(feats) == expected
    assert None in index.names.values() and None in index.passages.values()  # the caps were reached


@needs_shared
def test_assignment_equals_cluster_all(synthetic):
    _assignment_equals_cluster_all(synthetic)


@needs_shared
def test_assignment_equals_cluster_all_past_the_window():
    # 5 a day over 120 days: the event index retires clusters (and their articles) on the way
    _assignment_equals_cluster_all(_synthetic(600, per_day=5))


def _assignment_equals_cluster_all(synthetic):
    feats = [features(r) for r in synthetic]
    edges = [e for a, b in candidates_in_memory(feats) if (e := verify_pair(a, feats[a], b, feats[b]))]
    assert any(e[2] != e[3] for e in edges)  # some links hang on the event clusters
    done = assign([(r.id, event_features(r)) for r in synthetic], edges)
    ref = cluster_all(synthetic)
    stories: dict[str, list[str]] = {}
    for p in done.placements:
        stories.setdefault(p.story_id, []).append(p.article_id)
    assert {k: sorted(v) for k, v in stories.items()} == {v.id: sorted(v.article_ids) for v in ref.stories}
    assert len(ref.stories) < len(synthetic) and len(ref.events) < len(ref.stories)
    assert {p.story_id: p.cluster_id for p in done.placements if p.story_id == p.article_id} == \
        {s: c.id for c in ref.events for s in c.story_ids}


def _records_parquet(records, out: Path) -> None:
    """OUT/records as the executors write it, from records made without NLP."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from allegedly.spark.driver import record_schema
    from allegedly.spark.executor import feature_values

    rows = [(f"synthetic:{i}", r.id, json.dumps(r.as_dict(), ensure_ascii=False), None, "[]", i % 3, i // 3,
             *feature_values(r)) for i, r in enumerate(records)]
    rows.sort(key=lambda t: (t[5], t[6]))  # three "tasks", as if the input were cut in three
    schema = record_schema()
    names = schema.fieldNames()
    (out / "records").mkdir(parents=True)
    for part in range(3):
        mine = [dict(zip(names, t)) for t in rows if t[5] == part]
        pq.write_table(pa.Table.from_pylist(mine), out / "records" / f"part-0000{part}.parquet")


@needs_spark
@needs_shared
@pytest.mark.parametrize("broadcast", [True, False], ids=["features broadcast", "features joined"])
def test_spark_stages_load_the_store_ingest_would_hold(tmp_path, synthetic, broadcast):
    from allegedly.spark.clustering import BROADCAST_BYTES, cluster
    from allegedly.spark.driver import outcomes, session
    from allegedly.spark.load import load
    from allegedly.store import connect
    from allegedly.store.batch import store_outcomes

    records = synthetic[:300]
    # arrival order = task, then row: the order ingest would see if the input were those three tasks
    ordered = sorted(range(len(records)), key=lambda i: (i % 3, i // 3))
    out = tmp_path / "run"
    _records_parquet(records, out)
    done = cluster(session("local[2]"), str(out), broadcast_bytes=BROADCAST_BYTES if broadcast else 0)
    assert done.articles == 300 and done.edges > 0
    ingest, bulk = connect(tmp_path / "ingest.db"), connect(tmp_path / "bulk.db")
    s = store_outcomes(ingest, outcomes(str(out)))  # ingest's loop: per-article story writer
    assert s.stored == 300
    assert [r[0] for r in ingest.execute("SELECT article_id FROM story_members ORDER BY seq")] == \
        [records[i].id for i in ordered]
    assert load(bulk, str(out)).stored == 300
    assert_same_stories(ingest, bulk)
    assert ingest.execute("SELECT count(*) FROM stories").fetchone()[0] < 300


@needs_spark
@needs_shared
def test_spark_stories_equal_ingest_on_the_shared_corpus(tmp_path):
    inputs = tmp_path / "wikinews"
    inputs.mkdir()
    for p in wikinews_paths():
        shutil.copy(p, inputs / Path(p).name)
    runner = CliRunner()
    from allegedly import cli

    local, spread = tmp_path / "ingest.db", tmp_path / "spark.db"
    assert runner.invoke(cli.main, ["ingest", str(inputs), "--db", str(local)]).exit_code == 0
    result = runner.invoke(cli.main, ["spark", str(inputs), "--out", str(tmp_path / "out"), "--db", str(spread),
                                      "--master", "local[2]"])
    assert result.exit_code == 0, result.output
    assert "stored 120" in result.output
    a, b = sqlite3.connect(local), sqlite3.connect(spread)
    assert_same_stories(a, b)
    assert a.execute("SELECT count(*) FROM event_clusters").fetchone()[0] < 120
