"""The Spark runner: work units, chunked JSON Lines, and a local[2] run equal to ingest."""
from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from allegedly import cli
from allegedly.errors import InputError
from allegedly.spark.executor import read_unit
from allegedly.spark.units import Unit, plan

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "articles"


def _jsonl(path: Path, n: int, bad: int | None = None) -> Path:
    lines = [json.dumps({"title": f"Article {i}", "text": f"Body of article number {i}."}) for i in range(1, n + 1)]
    if bad is not None:
        lines[bad - 1] = "{not json"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_plan_cuts_json_lines_into_line_aligned_chunks(tmp_path):
    _jsonl(tmp_path / "dump.jsonl", 5)
    (tmp_path / "one.txt").write_text("Title\nBody text here.", encoding="utf-8")
    (tmp_path / "notes.md").write_text("not an article", encoding="utf-8")
    units, counter = plan([str(tmp_path)], chunk_lines=2)
    chunks = [u for u in units if u.path.endswith(".jsonl")]
    assert [u.first_line for u in chunks] == [1, 3, 5]
    assert chunks[0].start == 0 and chunks[0].end == chunks[1].start and chunks[1].end == chunks[2].start
    assert [u for u in units if u.path.endswith("one.txt")] == [Unit(str(tmp_path / "one.txt"))]
    assert counter.skipped == 1
    small, _ = plan([str(tmp_path / "dump.jsonl")], chunk_lines=10)
    assert small == [Unit(str(tmp_path / "dump.jsonl"))]  # one chunk: the file, read as ingest reads it


def test_plan_gives_every_task_an_equal_share_of_text(tmp_path):
    path = tmp_path / "dump.jsonl"
    texts = ["long " * 60 if i < 20 else f"short article {i}" for i in range(40)]  # long ones first
    path.write_text("".join(json.dumps({"title": f"A{i}", "text": t}) + "\n" for i, t in enumerate(texts)),
                    encoding="utf-8")
    units, _ = plan([str(path)], chunk_lines=200, spread=4)  # 40 lines: one chunk by lines, 4 tasks wanted
    assert len(units) == 4 and units[0].start == 0 and units[-1].end == path.stat().st_size
    assert all(a.end == b.start for a, b in zip(units, units[1:]))
    sizes = [u.end - u.start for u in units]
    assert max(sizes) < 1.3 * min(sizes)  # by bytes: 10 lines each would put 6x the text in the first
    items = [item for u in units for item in read_unit(u)]
    assert [i.source for i in items] == [f"{path}:{n}" for n in range(1, 41)]
    more, _ = plan([str(path)], chunk_lines=5, spread=4)  # 8 chunks by lines: a multiple of 4
    assert len(more) == 8


def test_chunks_keep_line_numbers_in_errors_and_read_every_line_once(tmp_path):
    path = _jsonl(tmp_path / "dump.jsonl", 7, bad=4)
    units, _ = plan([str(path)], chunk_lines=3)
    items = [item for u in units for item in read_unit(u)]
    assert [i.source for i in items] == [f"{path}:{n}" for n in range(1, 8)]
    [error] = [i for i in items if isinstance(i, InputError)]
    assert error.source == f"{path}:4" and "not valid JSON" in error.problem


def test_stdin_cannot_be_spread():
    with pytest.raises(InputError, match="standard input cannot be spread"):
        plan(["-"])


def _spark_ready() -> str | None:
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return "pyspark is not installed (dev extra)"
    if not shutil.which("java"):
        return "no java on PATH: Spark needs Java 17+"
    return None


needs_spark = pytest.mark.skipif(_spark_ready() is not None, reason=str(_spark_ready()))


@needs_spark
def test_spark_run_stores_what_ingest_stores_and_a_bad_file_is_an_error(tmp_path):
    inputs = tmp_path / "in"
    shutil.copytree(EXAMPLES, inputs)
    (inputs / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    runner = CliRunner()
    local = tmp_path / "local.db"
    assert runner.invoke(cli.main, ["ingest", str(inputs), "--db", str(local)]).exit_code == 0
    spread, out = tmp_path / "spark.db", tmp_path / "records.parquet"
    args = ["spark", str(inputs), "--out", str(out), "--db", str(spread), "--master", "local[2]",
            "--chunk-lines", "5"]
    result = runner.invoke(cli.main, args)
    assert result.exit_code == 0, result.output
    assert "stored 14, already stored 0, errors 1, skipped files 1" in result.output
    assert "broken.txt" in result.output
    assert "clustered 14 articles" in result.output
    a, b = sqlite3.connect(local), sqlite3.connect(spread)
    for sql in ("SELECT id, title, publisher, published FROM articles ORDER BY id",
                "SELECT article_id, idx, status, chain_text FROM claims ORDER BY 1, 2",
                "SELECT article_id, seq, type, trigger, status FROM events ORDER BY 1, 2"):
        assert list(a.execute(sql)) == list(b.execute(sql)), sql
    assert_same_stories(a, b)
    assert b.execute("SELECT count(*) FROM ingest_errors WHERE source LIKE '%broken.txt'").fetchone()[0] == 1

    import pyarrow.parquet as pq

    table = pq.read_table(out / "records")
    assert table.num_rows == 15 and {"source", "id", "record", "error", "warnings"} <= set(table.column_names)
    stories = pq.read_table(out / "stories")
    assert stories.num_rows == a.execute("SELECT count(*) FROM stories").fetchone()[0]
    assert pq.read_table(out / "event_clusters").num_rows == a.execute("SELECT count(*) FROM event_clusters").fetchone()[0]
    again = runner.invoke(cli.main, args)  # stored articles are skipped before the NLP pass
    assert again.exit_code == 0 and "stored 0, already stored 14" in again.output


# Every story and event-cluster table, minus the time each row was written.
STORY_TABLES = (
    "SELECT article_id, story_id, seq, published, size, bag_size, text_sig, bag_sig, entities, passages, outlet_key,"
    " credit FROM story_members ORDER BY seq",
    "SELECT article_id, other_id, kind, score FROM story_links ORDER BY 1, 2",
    "SELECT id, title, origin_article, origin_name, origin_via, origin_basis, article_count, independent_count"
    " FROM stories ORDER BY id",
    "SELECT story_id, source, target, kind, score FROM copy_edges ORDER BY 1, 2, 3, 4",
    "SELECT story_id, claim_group, text, appearances, independent_count, origins FROM story_claims ORDER BY 1, 2",
    "SELECT story_id, claim_group, article_id, claim_seq, outlet, status, text, origin_key, origin_label"
    " FROM claim_appearances ORDER BY 1, 2, 3, 4",
    "SELECT id, title, first_date, last_date, story_count, article_count, independent_count, sources"
    " FROM event_clusters ORDER BY id",
    "SELECT story_id, cluster_id, score FROM event_cluster_members ORDER BY 1",
    "SELECT article_id, cluster_id, seq, day, score, bag, prior FROM event_cluster_articles ORDER BY seq",
)


def assert_same_stories(a: sqlite3.Connection, b: sqlite3.Connection) -> None:
    for sql in STORY_TABLES:
        assert list(a.execute(sql)) == list(b.execute(sql)), sql
    assert a.execute("SELECT count(*) FROM story_members").fetchone()[0] > 0
