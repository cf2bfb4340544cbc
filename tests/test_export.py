"""allegedly export: events from the store as PLOVER JSON Lines, GDELT TSV, CSV and Parquet."""
from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from allegedly.cli import main
from allegedly.export import FORMATS, GDELT_COLUMNS, OUR_COLUMNS, event_id, load_events, plover_record
from allegedly.records import ArticleRecord, Claim, Event, EventDate, Hop, Participant, Place
from allegedly.store import connect, save_record

TEXT = ("Syrian troops retook Palmyra on Monday, Sky News reported.\n\n"
        "Rebels attacked the town a month later, according to activists.")


def _record() -> ArticleRecord:
    chain = [Hop("MINA", "publisher"), Hop("Sky News", "outlet", (47, 55))]
    claims = [Claim(text=TEXT[:58], span=(0, 58), status="reported", chain=chain),
              Claim(text=TEXT[60:], span=(60, len(TEXT)), status="alleged", chain=[Hop("MINA", "publisher"), Hop("activists", "anonymous")])]
    events = [
        Event(type="ASSAULT", cameo_root="19", span=(14, 20), trigger="retook", claim=0, status="reported",
              actor=[Participant("Syrian troops", "SYR", "MIL", (0, 13))],
              location=Place("Palmyra", 170592, 34.56, 38.28, "SY"),
              date=EventDate("2016-05-02", "on Monday", "day"), confidence=0.8),
        Event(type="ASSAULT", cameo_root="18", span=(67, 75), trigger="attacked", claim=1, status="alleged",
              actor=[Participant("Rebels", None, "REB", (60, 66))], recipient=[Participant("the town", None, None, (76, 84))],
              date=EventDate("2016-06", "a month later", "month"), confidence=0.6,
              report_date=EventDate("2016-05-01", "on Sunday", "day")),
    ]
    return ArticleRecord(id="a1b2c3d4e5f60718", title="Palmyra", text=TEXT, outlet="MINA", publisher="MINA",
                         url="https://example.org/palmyra", published="2016-05-03", claims=claims, events=events)


@pytest.fixture()
def db(tmp_path):
    path = tmp_path / "t.db"
    conn = connect(path)
    assert save_record(conn, _record())
    conn.close()
    return path


def test_store_roundtrip_keeps_participants_claim_status_and_chain(db):
    conn = connect(db)
    events = load_events(conn)
    assert [e["type"] for e in events] == ["ASSAULT", "ASSAULT"]
    first = events[0]
    assert first["status"] == "reported" and first["chain_text"] == "MINA → Sky News"
    assert first["actors"] == [{"text": "Syrian troops", "code": "SYR", "sector": "MIL", "start": 0, "end": 13}]
    assert first["location_text"] == "Palmyra" and first["geonames_id"] == 170592
    assert first["evidence"].startswith("Syrian troops retook Palmyra")
    # replacing the article replaces its events (ON DELETE CASCADE)
    assert save_record(conn, _record(), replace=True)
    assert conn.execute("SELECT count(*) FROM events").fetchone()[0] == 2
    assert conn.execute("SELECT count(*) FROM event_participants").fetchone()[0] == 3


def test_gdelt_tsv_has_61_gdelt_columns_then_ours(db):
    result = CliRunner().invoke(main, ["export", "--db", str(db), "--format", "gdelt-tsv"])
    assert result.exit_code == 0, result.output
    lines = [l for l in result.stdout.splitlines() if l]
    rows = list(csv.reader(io.StringIO("\n".join(lines)), delimiter="\t"))
    assert len(rows) == 2
    assert all(len(r) == 61 + len(OUR_COLUMNS) for r in rows)
    row = dict(zip(GDELT_COLUMNS + OUR_COLUMNS, rows[0]))
    assert row["GLOBALEVENTID"] == str(event_id("a1b2c3d4e5f60718", 0))
    assert row["SQLDATE"] == "20160502" and row["MonthYear"] == "201605" and row["Year"] == "2016"
    assert row["Actor1Code"] == "SYRMIL" and row["Actor1CountryCode"] == "SYR" and row["Actor1Type1Code"] == "MIL"
    assert row["EventRootCode"] == "19" and row["QuadClass"] == "4" and float(row["GoldsteinScale"]) == -10.0
    assert row["ActionGeo_FullName"] == "Palmyra" and row["ActionGeo_CountryCode"] == "SY"
    assert row["ActionGeo_FeatureID"] == "170592" and row["IsRootEvent"] == "1"
    assert row["location_country_iso2"] == "SY"
    assert row["SOURCEURL"] == "https://example.org/palmyra"
    assert row["claim_status"] == "reported" and row["chain"] == "MINA → Sky News"
    second = dict(zip(GDELT_COLUMNS + OUR_COLUMNS, rows[1]))
    assert second["SQLDATE"] == "20160501"  # month precision: the day it was reported
    assert second["report_date"] == "2016-05-01"
    assert second["claim_status"] == "alleged" and second["IsRootEvent"] == "0"


def test_plover_jsonl_uses_plover_field_names(db, tmp_path):
    out = tmp_path / "e.jsonl"
    result = CliRunner().invoke(main, ["export", "--db", str(db), "--format", "plover-jsonl", "-o", str(out)])
    assert result.exit_code == 0, result.output
    recs = [json.loads(l) for l in out.read_text().splitlines()]
    assert recs[0]["event"] == "ASSAULT" and recs[0]["date"] == "2016-05-02"
    assert recs[0]["source"] == [{"actorText": "Syrian troops", "code": "SYR", "sector": "MIL"}]
    assert recs[0]["eventLoc"]["name"] == "Palmyra" and recs[0]["eventLoc"]["country code"] == "SY"
    assert recs[0]["claim_status"] == "reported" and [h["name"] for h in recs[0]["chain"]] == ["MINA", "Sky News"]
    assert recs[1]["target"][0]["actorText"] == "the town"


def test_csv_and_parquet(db, tmp_path):
    out = tmp_path / "e.csv"
    assert CliRunner().invoke(main, ["export", "--db", str(db), "--format", "csv", "-o", str(out)]).exit_code == 0
    rows = list(csv.DictReader(out.open()))
    assert rows[0]["plover_type"] == "ASSAULT" and rows[1]["claim_status"] == "alleged"
    pq_path = tmp_path / "e.parquet"
    result = CliRunner().invoke(main, ["export", "--db", str(db), "--format", "parquet", "-o", str(pq_path)])
    assert result.exit_code == 0, result.output
    import pyarrow.parquet as pq

    table = pq.read_table(pq_path)
    assert table.num_rows == 2 and table.column_names == list(GDELT_COLUMNS + OUR_COLUMNS)
    assert table.column("claim_status").to_pylist() == ["reported", "alleged"]


def test_export_errors_are_clear(tmp_path, db):
    missing = tmp_path / "none.db"
    result = CliRunner().invoke(main, ["export", "--db", str(missing)])
    assert result.exit_code != 0 and "no store at" in result.output
    result = CliRunner().invoke(main, ["export", "--db", str(db), "--format", "parquet"])
    assert result.exit_code != 0 and "-o FILE" in result.output
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"not sqlite at all" * 100)
    result = CliRunner().invoke(main, ["export", "--db", str(broken)])
    assert result.exit_code != 0 and str(broken) in result.output
    assert set(FORMATS) == {"plover-jsonl", "gdelt-tsv", "csv", "parquet"}


def test_action_geo_country_is_fips_like_gdelt():
    from allegedly.export import fips

    assert fips("GB") == "UK" and fips("DE") == "GM" and fips("SY") == "SY" and fips(None) is None


def test_plover_record_without_location_or_claim():
    rec = plover_record({"article_id": "x", "seq": 3, "type": "AGREE", "actors": [], "recipients": [],
                         "article_published": "2016-05-03T10:00:00"})
    assert rec["id"] == "x-3" and rec["date"] == "2016-05-03" and "eventLoc" not in rec and rec["chain"] == []
