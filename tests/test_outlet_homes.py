"""Outlet homes come from the store: a second run grounds a namesake in the home the first run set."""
from __future__ import annotations

import importlib.util
import json
import sqlite3
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from allegedly import cli
from allegedly.store.writers import outlet_homes

from tests.conftest import SHARED, needs_shared

LGL = SHARED / "eval" / "geoparsing" / "lgl.xml"
OUTLET = "ledger-enquirer.com"  # Columbus, Georgia's paper
TARGET = 516  # its article whose 'Columbus' is Columbus, GA, never named with its state


@pytest.fixture(scope="module", autouse=True)
def shared_pipeline(pipeline):
    cli._PIPELINES[pipeline.settings] = pipeline  # the CLI runs reuse the loaded model
    yield
    cli._PIPELINES.clear()


@pytest.fixture(scope="module")
def lgl():
    if not LGL.exists():
        pytest.skip(f"needs the LGL geoparsing set at {LGL}")
    path = Path(__file__).resolve().parent.parent / "eval" / "geoparsing_eval.py"
    spec = importlib.util.spec_from_file_location("geoparsing_eval", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("geoparsing_eval", module)  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module.read_lgl(LGL)


def _jsonl(path: Path, articles) -> Path:
    with open(path, "w", encoding="utf-8") as fh:
        for a in articles:
            fh.write(json.dumps({"url": f"https://www.{a.outlet}/lgl/{a.key}", "title": a.title,
                                 "text": a.text}) + "\n")
    return path


def _ingest(path: Path, db: Path, *extra) -> None:
    result = CliRunner().invoke(cli.main, ["ingest", str(path), "--db", str(db), *map(str, extra)],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output


def _columbus_ids(db: Path, key: str) -> set[str]:
    """How the article ``key`` grounds 'Columbus'."""
    with sqlite3.connect(db) as conn:
        return {r[0] for r in conn.execute(
            "SELECT e.ref_id FROM entities e JOIN articles a ON a.id = e.article_id "
            "WHERE e.type = 'place' AND e.text = 'Columbus' AND a.url = ?", (f"https://www.{OUTLET}/lgl/{key}",))}


@needs_shared
def test_a_second_run_grounds_a_namesake_in_the_home_the_first_run_learnt(lgl, tmp_path, monkeypatch):
    target = lgl[TARGET]
    assert target.outlet == OUTLET
    gold = {f"geonames:{g.geonames_id}" for g in target.gold if g.text == "Columbus"}
    others = [a for i, a in enumerate(lgl) if a.outlet == OUTLET and i != TARGET]
    first, second = _jsonl(tmp_path / "first.jsonl", others), _jsonl(tmp_path / "second.jsonl", [target])

    db = tmp_path / "homes.db"
    _ingest(first, db, "--workers", 1)
    with sqlite3.connect(db) as conn:
        assert outlet_homes(conn) == {OUTLET: ("US", "GA")}
    _ingest(second, db, "--workers", 1)
    assert _columbus_ids(db, target.key) == gold  # Columbus, Georgia, as LGL's annotators have it

    ignored = tmp_path / "ignored.db"  # the same two runs with homes ignored: Columbus, Ohio
    _ingest(first, ignored, "--workers", 1)
    monkeypatch.setattr(cli, "outlet_homes", lambda conn: {})
    _ingest(second, ignored, "--workers", 1)
    assert _columbus_ids(ignored, target.key) and _columbus_ids(ignored, target.key).isdisjoint(gold)


@needs_shared
def test_homes_are_fixed_for_a_run_whatever_the_workers(lgl, tmp_path):
    """The run that stores an outlet's first articles does not use them yet, in any worker."""
    arts = [a for a in lgl if a.outlet == OUTLET]
    path = _jsonl(tmp_path / "all.jsonl", arts)
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    _ingest(path, one, "--workers", 1)
    _ingest(path, two, "--workers", 2, "--batch-size", 1)
    rows = []
    for db in (one, two):
        with sqlite3.connect(db) as conn:
            rows.append(conn.execute("SELECT article_id, seq, ref_id FROM entities ORDER BY article_id, seq")
                        .fetchall())
    assert rows[0] == rows[1]
    first_run = _columbus_ids(one, lgl[TARGET].key)
    assert first_run and first_run.isdisjoint({f"geonames:{g.geonames_id}" for g in lgl[TARGET].gold})
