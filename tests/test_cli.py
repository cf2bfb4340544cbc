"""The CLI end to end with click's CliRunner, real SQLite files and the real pipeline."""
from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys

import pytest
from click.testing import CliRunner

from allegedly import cli, show as show_module
from allegedly.records import ArticleRecord, Entity, Removal
from allegedly.store import connect, save_record

from conftest import SEED, needs_shared, wikinews_paths

ARTICLES = {
    "rebels.txt": "Rebels seize border town\n\nRebel fighters took control of the border town of Azaz on "
    "Tuesday, according to a spokesman for the group.\nThe army said it would retake the town.\n",
    "talks.txt": "Ministers meet in Geneva\n\nForeign ministers from France and Germany met in Geneva on "
    "Friday to discuss a ceasefire, officials said.\n",
    "floods.txt": "Floods hit northern Italy\n\nHeavy rain flooded villages near Milan overnight, "
    "and hundreds of people left their homes, the regional government reported.\n",
}
CONTRACT = ["id", "title", "outlet", "url", "published", "dateline", "text", "removed", "entities",
            "claims", "quotes", "events"]


@pytest.fixture(scope="session", autouse=True)
def shared_pipeline(pipeline):
    """Every CLI call in this session reuses the one loaded pipeline (spaCy loads once)."""
    cli._PIPELINES[pipeline.settings] = pipeline
    yield pipeline
    cli._PIPELINES.clear()


@pytest.fixture
def runner():
    # Wide enough that rich does not wrap table cells the assertions look for.
    return CliRunner(env={"COLUMNS": "200"})


@pytest.fixture
def inputs(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def run(runner, *args, input=None):
    return runner.invoke(cli.main, [str(a) for a in args], input=input, catch_exceptions=False)


def ids_in(db) -> set[str]:
    with sqlite3.connect(db) as c:
        return {r[0] for r in c.execute("SELECT id FROM articles")}


def test_ingest_stores_a_folder_and_skips_what_is_stored(runner, inputs, tmp_path):
    db = tmp_path / "a.db"
    first = run(runner, "ingest", inputs, "--db", db)
    assert first.exit_code == 0, first.output
    assert "stored 3, already stored 0, errors 0" in first.stderr
    assert len(ids_in(db)) == 3
    second = run(runner, "ingest", inputs, "--db", db)
    assert second.exit_code == 0
    assert "stored 0, already stored 3, errors 0" in second.stderr
    forced = run(runner, "ingest", inputs, "--db", db, "--force")
    assert "stored 3, already stored 0" in forced.stderr
    with sqlite3.connect(db) as c:
        runs = c.execute("SELECT stored, already_stored, errors, status FROM runs ORDER BY id").fetchall()
    assert runs == [(3, 0, 0, "done"), (0, 3, 0, "done"), (3, 0, 0, "done")]


def test_bad_inputs_are_reported_and_the_batch_goes_on(runner, inputs, tmp_path):
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "binary [v2].txt").write_bytes(bytes(range(256)) * 20)  # brackets: not rich markup
    db = tmp_path / "b.db"
    result = run(runner, "ingest", inputs, "--db", db)
    assert result.exit_code == 0  # something was stored: errors alone do not fail the run
    err = result.stderr
    assert "error: " in err and "empty.txt" in err and "binary [v2].txt" in err
    assert "stored 3" in err and "errors 2" in err
    assert len(ids_in(db)) == 3
    with sqlite3.connect(db) as c:
        errors = c.execute("SELECT source, problem, run_id FROM ingest_errors ORDER BY source").fetchall()
    assert [e[0].rsplit("/", 1)[-1] for e in errors] == ["binary [v2].txt", "empty.txt"]
    assert all(e[1] and e[2] == 1 for e in errors)
    listed = [json.loads(line) for line in run(runner, "errors", "--db", db, "--run", 1, "--json").stdout.splitlines()]
    assert sorted(e["source"].rsplit("/", 1)[-1] for e in listed) == ["binary [v2].txt", "empty.txt"]
    assert "empty.txt" in run(runner, "errors", "--db", db).stdout
    assert run(runner, "errors", "--db", db, "--run", 99, "--json").stdout == ""


def test_nothing_usable_exits_1_and_help_documents_exit_codes(runner, tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    result = run(runner, "ingest", tmp_path / "empty.txt", tmp_path / "missing.txt", "--db", tmp_path / "c.db")
    assert result.exit_code == 1
    assert "missing.txt" in result.stderr and "empty.txt" in result.stderr
    helptext = run(runner, "ingest", "--help").output
    for code in ("0 ", "1 ", "2 ", "130"):
        assert f"  {code}" in helptext
    assert run(runner, "ingest").exit_code == 2  # PATH is required


def test_interrupt_keeps_stored_articles_and_exits_130(runner, inputs, tmp_path, monkeypatch, shared_pipeline):
    real = shared_pipeline.process_many

    def interrupted(items, skip_ids=None):
        for i, outcome in enumerate(real(items, skip_ids=skip_ids)):
            if i == 2:
                raise KeyboardInterrupt
            yield outcome

    monkeypatch.setattr(shared_pipeline, "process_many", interrupted)
    db = tmp_path / "i.db"
    result = run(runner, "ingest", inputs, "--db", db)
    assert result.exit_code == 130
    assert "interrupted: stored 2" in result.stderr
    assert len(ids_in(db)) == 2
    with sqlite3.connect(db) as c:
        assert c.execute("SELECT status FROM runs").fetchone()[0] == "interrupted"


def test_extract_jsonl_has_the_contract(runner, inputs):
    result = run(runner, "extract", inputs, "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 3
    for line in lines:
        record = json.loads(line)
        assert set(CONTRACT) <= set(record)
        assert set(record["dateline"]) >= {"place", "agency", "dates", "consistent"}
        assert all(isinstance(record[k], list) for k in ("removed", "entities", "claims", "quotes", "events"))
        for d in record["dateline"]["dates"]:
            assert set(d) >= {"text", "calendar", "iso"}
        for e in record["entities"]:
            assert set(e) >= {"text", "type", "span", "id", "lat", "lon", "country"}
            assert record["text"][e["span"][0]:e["span"][1]] == e["text"]
        assert ArticleRecord.from_dict(record).as_dict() == record


def test_extract_json_is_one_array_and_errors_go_to_stderr(runner, inputs):
    (inputs / "empty.txt").write_bytes(b"")
    result = run(runner, "extract", inputs, "--format", "json")
    assert result.exit_code == 0
    records = json.loads(result.stdout)
    assert isinstance(records, list) and len(records) == 3
    assert "empty.txt" in result.stderr and "empty.txt" not in result.stdout


def test_extract_reads_stdin(runner):
    result = run(runner, "extract", "-", "--format", "jsonl", input=ARTICLES["talks.txt"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["title"] == "Ministers meet in Geneva"


def test_show_by_id_prefix_and_stem(runner, inputs, tmp_path):
    db = tmp_path / "s.db"
    run(runner, "ingest", inputs, "--db", db)
    with sqlite3.connect(db) as c:
        aid = c.execute("SELECT id FROM articles WHERE source LIKE '%talks.txt'").fetchone()[0]
    for ref in (aid, aid[:6], "talks", "talks.txt"):
        result = run(runner, "show", ref, "--db", db)
        assert result.exit_code == 0, result.output
        assert "Ministers meet in Geneva" in result.stdout
        assert "Geneva on Friday" in result.stdout
    as_json = json.loads(run(runner, "show", "talks", "--db", db, "--json").stdout)
    assert as_json["id"] == aid
    missing = run(runner, "show", "nowhere", "--db", db)
    assert missing.exit_code == 1 and "no article matches 'nowhere'" in missing.output
    nostore = run(runner, "show", aid, "--db", tmp_path / "absent.db")
    assert nostore.exit_code == 1 and "no store at" in nostore.output
    assert not (tmp_path / "absent.db").exists()


def _marked_record() -> ArticleRecord:
    text = "Rebels shelled Aleppo, Sky News said.\nCivilians fled."
    return ArticleRecord(
        id="feedfacefeedface",
        title="Shelling in Aleppo",
        text=text,
        source="handmade.txt",
        removed=[Removal("Also Read: UNRELATED HEADLINE", "teaser", (40, 70), at=38)],
        entities=[
            Entity("Aleppo", "place", (15, 21), id="geonames:170063", name="Aleppo", lat=36.2, lon=37.16,
                   country="SY"),
            Entity("Sky News", "media", (23, 31), id="actor:sky_news"),
        ],
    )


def test_show_marks_removals_and_tables_entities(runner, tmp_path):
    db = tmp_path / "m.db"
    conn = connect(db)
    save_record(conn, _marked_record())
    conn.close()
    out = run(runner, "show", "handmade", "--db", db).stdout
    assert "⟦removed teaser: Also Read: UNRELATED HEADLINE⟧" in out
    assert out.index("Sky News said.") < out.index("⟦removed teaser") < out.index("Civilians fled.")
    assert "geonames:170063" in out and "36.200, 37.160" in out and "actor:sky_news" in out
    assert "legend:" in out and "media" in out and "place" in out


def test_a_registered_section_is_shown_and_a_broken_one_does_not_hide_the_rest(runner, tmp_path):
    db = tmp_path / "r.db"
    conn = connect(db)
    save_record(conn, _marked_record())
    conn.close()

    def claims_section(record):
        return f"claims section for {record.id}"

    def broken_section(record):
        raise ValueError("renderer bug")

    show_module.register_section(claims_section)
    show_module.register_section(broken_section, after=show_module.header)
    try:
        out = run(runner, "show", "feedface", "--db", db).stdout
    finally:
        show_module.SECTIONS.remove(claims_section)
        show_module.SECTIONS.remove(broken_section)
    assert "claims section for feedfacefeedface" in out
    assert "section broken_section failed: ValueError: renderer bug" in out
    assert "Civilians fled." in out


def test_stats_search_and_list(runner, inputs, tmp_path):
    db = tmp_path / "st.db"
    run(runner, "ingest", inputs, "--db", db)
    stats = json.loads(run(runner, "stats", "--db", db, "--json").stdout)
    assert stats["tables"]["articles"] == 3 and stats["runs"][0]["stored"] == 3
    assert "articles" in run(runner, "stats", "--db", db).stdout
    found = run(runner, "search", "ceasefire", "--db", db)
    assert found.exit_code == 0 and "Ministers meet" in found.stdout
    assert run(runner, "search", "volcano", "--db", db).exit_code == 1
    assert "Floods hit northern Italy" in run(runner, "list", "--db", db).stdout
    listed = [json.loads(line) for line in run(runner, "list", "--db", db, "--json").stdout.splitlines()]
    assert len(listed) == 3 and {"id", "title", "source"} <= set(listed[0])
    hits = run(runner, "search", "Geneva", "--db", db, "--json").stdout.splitlines()
    assert [json.loads(h)["title"] for h in hits] == ["Ministers meet in Geneva"]


def test_python_dash_m_and_version():
    result = subprocess.run([sys.executable, "-m", "allegedly", "--version"], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0 and result.stdout.startswith("allegedly, version ")


@needs_shared
def test_seed_and_wikinews_ingest_then_show_by_stem(runner, tmp_path):
    folder = tmp_path / "real"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    for p in wikinews_paths()[:5]:
        shutil.copy(p, folder)
    db = tmp_path / "real.db"
    result = run(runner, "ingest", folder, "--db", db)
    assert result.exit_code == 0, result.stderr
    assert "stored 6, already stored 0, errors 0" in result.stderr
    out = run(runner, "show", SEED.stem, "--db", db).stdout
    assert "Islamic State, Assad Regime Secretly Cooperated" in out
    assert "Sky received the documents" in out
    extracted = run(runner, "extract", SEED, "--format", "jsonl").stdout
    record = json.loads(extracted)
    assert set(CONTRACT) <= set(record)
    stored = json.loads(run(runner, "show", SEED.stem, "--db", db, "--json").stdout)
    assert stored["id"] == record["id"]
    with sqlite3.connect(db) as c:
        assert c.execute("SELECT count(*) FROM articles WHERE outlet = 'Wikinews'").fetchone()[0] == 5
        hits = c.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'defectors'").fetchone()[0]
    assert hits == 1


def test_a_broken_store_stops_the_run_cleanly_and_marks_it_failed(runner, inputs, tmp_path):
    from allegedly.store import writers

    def locked(conn, record):
        if "Geneva" in record.title:
            raise sqlite3.OperationalError("database is locked")

    db = tmp_path / "f.db"
    writers.register_writer(locked)
    try:
        result = run(runner, "ingest", inputs, "--db", db)
    finally:
        writers._WRITERS.remove(locked)
    assert result.exit_code == 1
    assert "the store failed while saving" in result.output and "talks.txt" in result.output
    with sqlite3.connect(db) as c:
        assert c.execute("SELECT status FROM runs").fetchone()[0] == "failed"
        assert "Ministers meet in Geneva" not in {r[0] for r in c.execute("SELECT title FROM articles")}


def test_unsupported_files_in_a_folder_are_counted_as_skipped(runner, inputs, tmp_path):
    (inputs / "scan.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    db = tmp_path / "k.db"
    result = run(runner, "ingest", inputs, "--db", db)
    assert result.exit_code == 0
    assert "skipped files 1" in result.stderr and ".png" in result.stderr
    with sqlite3.connect(db) as c:
        assert c.execute("SELECT skipped FROM runs").fetchone()[0] == 1


def test_a_store_in_a_missing_folder_is_named(runner, tmp_path):
    (tmp_path / "a.txt").write_text("Title\n\nSome text about a meeting in Geneva.\n", encoding="utf-8")
    result = run(runner, "ingest", tmp_path / "a.txt", "--db", tmp_path / "no" / "such" / "x.db")
    assert result.exit_code != 0
    assert "folder" in result.output and str(tmp_path / "no" / "such") in result.output


def test_extract_reports_skipped_files_like_ingest(runner, tmp_path):
    (tmp_path / "a.txt").write_text("Title\n\nTalks resumed in Geneva on Monday.\n", encoding="utf-8")
    (tmp_path / "b.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    result = run(runner, "extract", tmp_path, "--format", "jsonl")
    assert result.exit_code == 0
    assert "skipped 1 file of unsupported type (.png" in result.stderr


def test_show_names_an_unknown_publisher(runner, tmp_path):
    (tmp_path / "np.txt").write_text("Talks stall\n\nThe ministers met in Geneva on Monday.\n", encoding="utf-8")
    db = tmp_path / "np.db"
    assert run(runner, "ingest", tmp_path / "np.txt", "--db", db).exit_code == 0
    shown = run(runner, "show", "np", "--db", db).output
    assert "asserted  (publisher unknown)" in shown
