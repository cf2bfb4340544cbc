"""Worker processes: the same stored rows and printed records as one worker, in input order."""
from __future__ import annotations

import json
import pickle
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from allegedly import cli, parallel
from allegedly.errors import EmptyInput, InputError
from allegedly.ingest import read_inputs
from allegedly.pipeline import Outcome, Pipeline

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "articles"
VOLATILE = ("run", "_at", "time", "created", "updated", "started", "finished")


@pytest.fixture(scope="module", autouse=True)
def shared_pipeline(pipeline):
    cli._PIPELINES[pipeline.settings] = pipeline  # the in-process side loads spaCy once
    yield
    cli._PIPELINES.clear()


def _invoke(*args):
    result = CliRunner().invoke(cli.main, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def _tables(db) -> dict[str, list[tuple]]:
    """Every table's rows, leaving out timestamps and run ids (they differ between any two runs)."""
    out = {}
    with sqlite3.connect(db) as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' "
                                            "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts%'")]
        for name in names:
            if name in ("runs", "schema_migrations"):
                continue
            cols = [r[1] for r in conn.execute(f"PRAGMA table_info({name})")
                    if not any(v in r[1].lower() for v in VOLATILE)]
            rows = conn.execute(f"SELECT {', '.join(cols)} FROM {name} ORDER BY rowid").fetchall()
            out[name] = rows
    return out


def test_two_workers_store_the_same_rows_as_one(tmp_path):
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    _invoke("ingest", EXAMPLES, "--db", one, "--workers", 1)
    _invoke("ingest", EXAMPLES, "--db", two, "--workers", 2, "--batch-size", 2)
    a, b = _tables(one), _tables(two)
    assert a.keys() == b.keys()
    for table in ("articles", "claims", "events", "stories", "story_members"):
        assert a[table], f"{table} is empty: the comparison would prove nothing"
    for table in a:
        assert a[table] == b[table], table


def test_already_stored_articles_are_skipped_by_workers(tmp_path):
    db = tmp_path / "s.db"
    _invoke("ingest", EXAMPLES, "--db", db, "--workers", 1)
    again = _invoke("ingest", EXAMPLES, "--db", db, "--workers", 2, "--batch-size", 2)
    assert "stored 0, already stored 14, errors 0" in again.output, again.output


def test_extract_with_workers_prints_the_same_records_in_order(tmp_path):
    one = _invoke("extract", EXAMPLES, "--format", "jsonl", "--workers", 1).stdout
    two = _invoke("extract", EXAMPLES, "--format", "jsonl", "--workers", 2, "--batch-size", 3).stdout
    assert len(one.splitlines()) == 14
    assert [json.loads(x) for x in one.splitlines()] == [json.loads(x) for x in two.splitlines()]


def test_errors_and_order_survive_the_trip_through_workers(pipeline):
    items = list(read_inputs([str(EXAMPLES)]))
    bad = InputError("broken.txt", "is not UTF-8")
    items.insert(3, bad)
    items.insert(7, EmptyInput("empty.txt", "has no text"))
    got = list(parallel.process_many(pipeline.settings, items, workers=2, chunk=2))
    want = list(pipeline.process_many(items))
    assert [o.source for o in got] == [o.source for o in want]
    assert [o.record.as_dict() if o.record else None for o in got] == \
        [o.record.as_dict() if o.record else None for o in want]
    assert isinstance(got[3].error, InputError) and got[3].error.problem == "is not UTF-8"
    assert type(got[7].error) is EmptyInput


def test_outcomes_pickle():
    error = pickle.loads(pickle.dumps(Outcome(source="x", error=EmptyInput("x", "empty"))))
    assert (error.error.source, error.error.problem, str(error.error)) == ("x", "empty", "x: empty")


def test_a_dead_worker_does_not_lose_its_chunk(pipeline, monkeypatch):
    monkeypatch.setattr(parallel, "_work", _die)  # every worker dies on its first chunk
    items = list(read_inputs([str(EXAMPLES)]))[:4]
    got = list(parallel.process_many(pipeline.settings, items, workers=2, chunk=1))
    assert [o.record.id for o in got] == [o.record.id for o in pipeline.process_many(items)]


def _die(part):
    import os

    os._exit(3)


def test_small_or_unknown_inputs_run_in_process(monkeypatch):
    monkeypatch.setattr(parallel, "auto_workers", lambda: 2)
    assert parallel.choose_workers(None, None, 16) == 1  # stdin: size unknown
    assert parallel.choose_workers(None, 63, 16) == 1
    assert parallel.choose_workers(None, 64, 16) == 2
    assert parallel.choose_workers(3, 5, 16) == 3  # asked for: obeyed
    assert parallel.chunk_size(2, 16, 14) == 4


def test_stopping_early_leaves_no_worker_behind(pipeline):
    import multiprocessing

    items = list(read_inputs([str(EXAMPLES)]))
    outcomes = parallel.process_many(pipeline.settings, items, workers=2, chunk=1)
    assert next(outcomes).record is not None
    outcomes.close()  # what the CLI does after Ctrl-C or a consumer error
    assert multiprocessing.active_children() == []


def test_loading_before_the_fork_changes_no_record(pipeline):
    """Pipeline.load runs a warm-up article; what comes after is as without it."""
    items = list(read_inputs([str(EXAMPLES)]))
    before = [o.record.as_dict() for o in Pipeline(pipeline.settings).process_many(items)]
    pipeline._loaded = False
    warm = pipeline.load()
    assert warm is pipeline and pipeline._loaded
    after = [o.record.as_dict() for o in pipeline.process_many(items)]
    assert len(before) == 14 and before == after


def test_the_last_chunks_are_split_and_nothing_is_lost_or_reordered():
    for n, size, workers in [(120, 16, 2), (7, 16, 2), (0, 16, 2), (33, 16, 2), (10, 1, 2), (10, 3, 1), (50, 4, 3)]:
        parts = list(parallel._chunks(iter(range(n)), size, workers))
        assert [x for p in parts for x in p] == list(range(n))
        assert all(0 < len(p) <= size for p in parts)
    # 120 articles, chunks of 16, 2 workers: five whole chunks, then four of 10 (the workers end together)
    assert [len(p) for p in parallel._chunks(range(120), 16, 2)] == [16] * 5 + [10] * 4


def test_the_doc_text_given_from_the_input_is_the_docs_own(pipeline):
    from allegedly.nlp.context import doc_text

    for raw in list(read_inputs([str(EXAMPLES)]))[:5]:
        doc = pipeline.prepare(raw).doc
        assert doc is not None and doc_text(doc) == doc.text
