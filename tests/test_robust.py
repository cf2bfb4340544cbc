"""Issue 12: the defects a hostile probe found, each reproduced; long articles; the time budget."""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from allegedly import cli
from allegedly.budget import ArticleTimeout, Budget, time_budget
from allegedly.ingest import read_inputs
from allegedly.ingest.text import parse_text
from allegedly.pipeline import Pipeline
from allegedly.published import normalise_published
from allegedly.records import RawArticle
from allegedly.settings import Settings, parse_language_models
from allegedly.store import connect, start_run
from allegedly.store.writers import mark_stale_runs
from allegedly.windows import split_windows

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "articles" / "000_4dec16913f75ed72.txt"
GOOD = ("Ministers meet in Geneva\n\nForeign ministers from France and Germany met in Geneva on Friday "
        "to discuss a ceasefire, officials said.\n")


@pytest.fixture(scope="module", autouse=True)
def shared_pipeline(pipeline):
    cli._PIPELINES[pipeline.settings] = pipeline
    yield pipeline
    cli._PIPELINES.pop(pipeline.settings, None)


def _ingest(args):
    return CliRunner(env={"COLUMNS": "200"}).invoke(cli.main, ["ingest", *map(str, args)], catch_exceptions=False)


def _paragraphs(n_chars: int) -> str:
    base = [line for line in SEED.read_text(encoding="utf-8").split("\n")[1:] if line.strip()]
    out, i = [], 0
    while sum(len(p) + 2 for p in out) < n_chars:
        out.append(f"{base[i % len(base)]} ({i})")
        i += 1
    return "\n\n".join(out)


# --- 1. one article's failure, whatever its cause, is its own error ---------------------------


def test_lone_surrogate_line_is_its_error_and_the_run_goes_on(tmp_path):
    data = tmp_path / "in.jsonl"
    lines = [{"title": "Talks", "text": GOOD.split("\n", 2)[2]},
             None,  # the probe's line, written raw below
             {"title": "Floods", "text": "Heavy rain flooded villages near Milan overnight, the regional "
                                         "government reported."}]
    raw = [json.dumps(x) if x else '{"title": "x", "text": "Hello \\ud800 world, the minister said."}' for x in lines]
    data.write_text("\n".join(raw) + "\n", encoding="utf-8")
    db = tmp_path / "a.db"
    for _ in range(2):  # the rerun must not die at the same line either
        result = _ingest([data, "--db", db])
        assert result.exit_code == 0, result.output
        assert "lone surrogate" in result.output and "in.jsonl:2" in result.output
    with sqlite3.connect(db) as c:
        assert c.execute("SELECT count(*) FROM articles").fetchone()[0] == 2
        assert c.execute("SELECT count(*) FROM ingest_errors WHERE source LIKE '%:2'").fetchone()[0] == 2
        assert [r[0] for r in c.execute("SELECT status FROM runs ORDER BY id")] == ["done", "done"]


def test_an_unexpected_bug_in_one_article_is_that_articles_error(pipeline, monkeypatch):
    import allegedly.pipeline as module

    real = module.parse_dateline

    def broken(text):
        if "BOOM" in text:
            raise ZeroDivisionError("a parser bug")
        return real(text)

    monkeypatch.setattr(module, "parse_dateline", broken)
    raws = [parse_text(f"{i}.txt", f"Title {i}\n\n{body}") for i, body in
            enumerate(["Officials said talks would resume.", "BOOM the minister said.", "The army said it left."])]
    outcomes = list(pipeline.process_many(raws))
    assert [o.source for o in outcomes] == ["0.txt", "1.txt", "2.txt"]
    assert outcomes[0].record and outcomes[2].record
    assert "ZeroDivisionError: a parser bug" in outcomes[1].error.problem


def test_an_article_past_spacys_max_length_is_read_in_windows():
    # The probe: 1,000,001–2,000,000 characters passed the size guard and failed spaCy's
    # max_length (E088), ending the run. The same at a small scale: max_length 6,000.
    settings = Settings(window_chars=5_000, batch_size=4)
    pipe = Pipeline(settings)
    pipe.nlp.max_length = 6_000
    text = _paragraphs(15_000)
    outcomes = list(pipe.process_many([RawArticle(source="long", title="Long", text=text),
                                       parse_text("short.txt", GOOD)]))
    assert [o.error for o in outcomes] == [None, None]
    record = outcomes[0].record
    assert len(record.text) > 12_000 and record.claims and record.entities
    for item in [*record.entities, *record.claims]:
        assert record.text[item.span[0]:item.span[1]] == item.text
    assert any(c.span[0] > 10_000 for c in record.claims)  # the last window was read too


def test_windows_cover_the_text_and_prefer_paragraph_breaks():
    text = _paragraphs(20_000)
    pieces = split_windows(text, 3_000)
    assert "".join(text[s:e] for s, e in pieces) == text
    assert all(e - s <= 3_000 for s, e in pieces)
    assert all(text[:e].endswith("\n\n") for _, e in pieces[:-1])
    one_line = " ".join(text.split())
    assert all(one_line[e - 1] == " " for _, e in split_windows(one_line, 3_000)[:-1])
    assert split_windows("x" * 10, 4) == [(0, 4), (4, 8), (8, 10)]  # no break at all: cut hard


def test_over_max_chars_is_refused_with_the_setting_named(pipeline):
    pipe = Pipeline(Settings(max_chars=1_000))
    outcome = next(pipe.process_many([RawArticle(source="big", title="t", text="word " * 300)]))
    assert "over the limit of 1,000 (Settings.max_chars)" in outcome.error.problem


# --- 2. the per-article time budget -------------------------------------------------------------


def test_an_article_over_its_time_budget_is_an_error_and_the_next_goes_on(monkeypatch):
    import allegedly.pipeline as module

    pipe = Pipeline(Settings(article_seconds=0.5))
    real = module.run_whole

    def stuck(nlp, doc, budget):
        if "STUCK" in doc.text:
            while True:  # a component caught in a loop
                time.sleep(0.01)
        return real(nlp, doc, budget)

    monkeypatch.setattr(module, "run_whole", stuck)
    monkeypatch.setattr(Pipeline, "_pipe", lambda self, preps: {})  # every article through _one
    raws = [parse_text("a.txt", "Stuck\n\nSTUCK the minister said it."), parse_text("b.txt", GOOD)]
    started = time.monotonic()
    outcomes = list(pipe.process_many(raws))
    assert time.monotonic() - started < 10
    assert "per-article time budget of 0.5 s" in outcomes[0].error.problem
    assert "ALLEGEDLY_ARTICLE_SECONDS" in outcomes[0].error.problem
    assert outcomes[1].record is not None


def test_the_budget_is_checked_between_steps_outside_the_main_thread():
    seen = []

    def work():
        with time_budget(0.05) as budget:
            time.sleep(0.1)
            try:
                budget.check()
            except ArticleTimeout as exc:
                seen.append(exc)

    t = threading.Thread(target=work)
    t.start()
    t.join()
    assert seen and seen[0].seconds == 0.05
    Budget(None).check()  # no budget: never raises


def test_budget_from_the_environment(monkeypatch):
    monkeypatch.setenv("ALLEGEDLY_ARTICLE_SECONDS", "42")
    monkeypatch.setenv("ALLEGEDLY_LANGUAGE_MODELS", "fr=fr_core_news_sm, es=es_core_news_sm")
    s = Settings.from_env()
    assert s.article_seconds == 42 and s.language_models == (("fr", "fr_core_news_sm"), ("es", "es_core_news_sm"))
    with pytest.raises(Exception, match="LANG=PACKAGE"):
        parse_language_models("fr")


# --- 3. the smaller points ------------------------------------------------------------------------


def test_a_killed_run_is_marked_killed_when_the_next_run_starts(tmp_path):
    conn = connect(tmp_path / "s.db")
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    killed = start_run(conn, pipeline_version="x", model="m", inputs=["a"])
    conn.execute("UPDATE runs SET pid = ? WHERE id = ?", (dead.pid, killed))
    assert mark_stale_runs(conn) == [killed]
    alive = start_run(conn, pipeline_version="x", model="m", inputs=["b"])  # marks stale runs too
    assert mark_stale_runs(conn) == []
    status = dict(conn.execute("SELECT id, status FROM runs").fetchall())
    assert status == {killed: "killed", alive: "running"}


def test_a_killed_ingest_leaves_no_running_run(tmp_path):
    db = tmp_path / "k.db"
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD, encoding="utf-8")
    code = ("import os, signal, sys; from allegedly.store import connect, start_run; "
            f"c = connect({str(db)!r}); start_run(c, pipeline_version='x', model='m', inputs=['in']); "
            "os.kill(os.getpid(), signal.SIGKILL)")
    subprocess.run([sys.executable, "-c", code], env={**os.environ, "PYTHONPATH": str(ROOT)}, check=False)
    with sqlite3.connect(db) as c:
        assert c.execute("SELECT status FROM runs").fetchall() == [("running",)]
    assert _ingest([folder, "--db", db]).exit_code == 0
    with sqlite3.connect(db) as c:
        assert [r[0] for r in c.execute("SELECT status FROM runs ORDER BY id")] == ["killed", "done"]


def test_an_unreadable_subfolder_is_an_error_not_silence(tmp_path, monkeypatch):
    root = tmp_path / "in"
    (root / "locked").mkdir(parents=True)
    (root / "a.txt").write_text(GOOD, encoding="utf-8")
    real = os.scandir

    def scandir(path="."):
        if str(path).endswith("locked"):  # root ignores chmod 000, so refuse the listing here
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    items = list(read_inputs([str(root)]))
    errors = [i for i in items if not isinstance(i, RawArticle)]
    assert len(items) == 2 and len(errors) == 1
    assert errors[0].source.endswith("locked") and "cannot read folder: Permission denied" in errors[0].problem


def test_a_file_name_with_a_newline_stays_on_its_error_line(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "bad\nname.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 50)
    (folder / "a.txt").write_text(GOOD, encoding="utf-8")
    result = _ingest([folder, "--db", tmp_path / "n.db"])
    line = next(ln for ln in result.output.splitlines() if "binary file" in ln)
    assert "bad\\nname.txt" in line and line.startswith("error:")


@pytest.mark.parametrize("value, iso, warned", [
    ("2016-05-03", "2016-05-03", False),
    ("2016-05-03T10:20:00Z", "2016-05-03T10:20:00Z", False),
    ("Tue, 03 May 2016 10:00:00 GMT", "2016-05-03", False),
    ("May 3, 2016", "2016-05-03", False),
    ("not-a-date", None, True),
    ("2016-13-45", None, True),
    ("0001-01-01", None, True),
    ("", None, False),
])
def test_published_is_validated(value, iso, warned):
    got, warning = normalise_published(value)
    assert got == iso and bool(warning) == warned


def test_a_bad_published_date_is_dropped_with_a_warning(pipeline):
    outcome = next(pipeline.process_many([RawArticle(
        source="x.jsonl:1", title="Talks", published="not-a-date",
        text="GENEVA, May 3, 2016 - Foreign ministers met on Friday to discuss a ceasefire, officials said.")]))
    assert outcome.record.published == "2016-05-03"  # from the dateline, not the bad metadata
    assert any("'not-a-date' is not a date" in w for w in outcome.warnings)


def test_spans_give_back_the_text_of_claims_and_entities(pipeline):
    record = pipeline.process(parse_text(str(SEED), SEED.read_text(encoding="utf-8")))
    assert record.claims
    for item in [*record.claims, *record.entities]:
        assert record.text[item.span[0]:item.span[1]] == item.text, item
    for q in record.quotes:
        inside = record.text[q.span[0]:q.span[1]]
        assert inside == inside.strip() and q.text in inside


def test_a_file_name_that_is_not_utf8_is_stored_and_printed_escaped(tmp_path):
    # Found while fuzzing: os.walk keeps the byte 0xff as "\udcff", which SQLite refused,
    # ending the run inside the error bookkeeping.
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD, encoding="utf-8")
    with open(os.path.join(os.fsencode(folder), b"png\xfe.txt"), "wb") as fh:
        fh.write(b"\x89PNG\r\n\x1a\n" + b"\x00" * 20)
    db = tmp_path / "u.db"
    result = _ingest([folder, "--db", db])
    assert result.exit_code == 0 and "png\\xfe.txt: binary file" in result.output
    with sqlite3.connect(db) as c:
        assert c.execute("SELECT source FROM ingest_errors").fetchone()[0].endswith("png\\xfe.txt")
