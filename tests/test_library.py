"""The Python API: ``allegedly.extract`` gives the JSON contract record, ``open_store`` answers
the questions the CLI and the web API answer; and what ingest knows about its input's size."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import allegedly
from allegedly import cli
from allegedly.errors import StoreError

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "articles"
SEED_FILE = "000_4dec16913f75ed72"


def test_version_and_public_names():
    assert allegedly.__version__ and allegedly.__version__ == cli.__version__
    assert set(allegedly.__all__) == {"__version__", "extract", "extract_record", "open_store", "Store"}
    with pytest.raises(AttributeError):
        allegedly.no_such_thing  # noqa: B018


def test_extract_gives_the_cli_contract_record(tmp_path):
    title, body = (EXAMPLES / f"{SEED_FILE}.txt").read_text("utf-8").split("\n", 1)
    record = allegedly.extract(body.strip("\n"), title=title, source=str(EXAMPLES / f"{SEED_FILE}.txt"))
    result = CliRunner().invoke(cli.main, ["extract", str(EXAMPLES / f"{SEED_FILE}.txt")])
    [from_cli] = json.loads(result.stdout)
    assert record == from_cli  # the same JSON contract, field for field
    assert {"id", "claims", "quotes", "events", "entities", "dateline"} <= set(record)
    assert any(c["status"] == "alleged" for c in record["claims"])
    with pytest.raises(ValueError, match="non-empty string"):
        allegedly.extract("   ")


def test_open_store_answers_like_the_api(tmp_path, new_store):
    db = new_store("lib.db")
    assert CliRunner().invoke(cli.main, ["ingest", str(EXAMPLES), "--db", str(db)]).exit_code == 0
    with allegedly.open_store(db) as store:
        seed = store.article(SEED_FILE)
        assert seed["publisher"] == "MINA"
        alleged = store.claims(status="alleged", since="2016")
        assert alleged and {c["status"] for c in alleged} == {"alleged"}
        assert store.claim(seed["id"][:8], 2)["chain"][-1]["name"] == "IS defectors"
        assert store.source("IS defectors")["claims"] == 9
        assert store.events(location_country="SY") and store.quotes(limit=1)
        assert store.search("Palmyra")[0]["id"] == seed["id"]
        assert store.stories(limit=1) and store.story(SEED_FILE)["story"]["independent_count"] == 1
        assert any(f["properties"]["place"] == "Palmyra" for f in store.geojson()["features"])
        assert "2016-05-02" in {i["date"] for i in store.timeline(by="event", since="2016")}
        assert ("MINA", "Sky News") in {(e["source"], e["target"]) for e in store.network()["edges"]}
        assert store.sql("SELECT count(*) AS n FROM articles") == [{"n": 14}]
        with pytest.raises(Exception, match="readonly"):
            store.sql("DELETE FROM articles")
    with pytest.raises(StoreError, match="no store at"):
        allegedly.open_store(tmp_path / "missing.db")


def test_ingest_knows_its_total_before_reading(tmp_path):
    from pathlib import Path

    from allegedly.progress import expected_articles

    examples = Path(__file__).resolve().parent.parent / "examples" / "articles"
    assert expected_articles([str(examples)]) == 14  # 1 text file + 13 JSON lines
    (tmp_path / "a.jsonl").write_text('{"title": "x", "text": "y"}\n\n{"title": "z", "text": "w"}\n')
    (tmp_path / "b.txt").write_text("t\nbody")
    (tmp_path / "c.pdf").write_text("no")
    (tmp_path / ".hidden.txt").write_text("no")
    assert expected_articles([str(tmp_path)]) == 3
    assert expected_articles([str(tmp_path / "b.txt"), "-"]) is None  # stdin: unknown
