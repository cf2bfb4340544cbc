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
def db(new_store):
    path = new_store("t.db")  # an SQLite file, then a PostgreSQL schema
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
    assert set(FORMATS) == {"plover-jsonl", "gdelt-tsv", "csv", "parquet", "jsonl"}
    result = CliRunner().invoke(main, ["export", "--db", str(db), "--rows", "claims", "--per-cluster"])
    assert result.exit_code != 0 and "--per-cluster does not apply to --rows claims" in result.output
    result = CliRunner().invoke(main, ["export", "--db", str(db), "--since", "May 2016"])
    assert result.exit_code != 0 and "since must be a date as YYYY" in result.output


def test_action_geo_country_is_fips_like_gdelt():
    from allegedly.export import fips

    assert fips("GB") == "UK" and fips("DE") == "GM" and fips("SY") == "SY" and fips(None) is None


def test_plover_record_without_location_or_claim():
    rec = plover_record({"article_id": "x", "seq": 3, "type": "AGREE", "actors": [], "recipients": [],
                         "article_published": "2016-05-03T10:00:00"})
    assert rec["id"] == "x-3" and rec["date"] == "2016-05-03" and "eventLoc" not in rec and rec["chain"] == []


def _copies(new_store, n: int = 3):
    """``n`` syndicated copies of one article under different outlets: one story, one independent source."""
    path = new_store("copies.db")
    conn = connect(path)
    base = _record()
    for i, outlet in enumerate(["MINA", "Gulf Wire", "Daily Relay"][:n]):
        record = ArticleRecord(**{**{f: getattr(base, f) for f in base.__dataclass_fields__},
                                  "id": f"{i}0000000000000{i}", "outlet": outlet, "publisher": outlet,
                                  "url": f"https://example.org/{i}"})
        assert save_record(conn, record)
    return path, conn


def _gdelt(db, *args) -> list[dict]:
    result = CliRunner().invoke(main, ["export", "--db", str(db), "--format", "csv", *args])
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_three_copies_are_three_articles_and_one_source(new_store):
    db, conn = _copies(new_store)
    [(story_id, articles, independent)] = conn.execute(
        "SELECT id, article_count, independent_count FROM stories").fetchall()
    assert (articles, independent) == (3, 1)
    rows = _gdelt(db, "--type", "ASSAULT")
    # without the option: each copy's event is a row, all carrying the same story id and its counts
    assert len(rows) == 6 and {r["story_id"] for r in rows} == {story_id}
    assert {(r["NumArticles"], r["NumSources"]) for r in rows} == {("3", "1")}
    assert len([r for r in rows if r["trigger"] == "retook"]) == 3
    # the stories stage put the one family into one event cluster
    [(cluster_id,)] = conn.execute("SELECT cluster_id FROM event_cluster_members WHERE story_id = ?",
                                   (story_id,)).fetchall()
    [row] = _gdelt(db, "--per-cluster")  # one row for the whole cluster
    assert (row["NumArticles"], row["NumSources"], row["event_cluster_id"]) == ("3", "1", cluster_id)
    assert row["story_id"] == story_id and row["NumMentions"] == "3"
    assert {r["event_cluster_id"] for r in _gdelt(db)} == {cluster_id}


def test_per_cluster_without_clusters_groups_by_story(new_store):
    db, conn = _copies(new_store, 2)
    rows = _gdelt(db, "--per-cluster")
    assert len(rows) == 1 and rows[0]["NumArticles"] == "2" and rows[0]["NumSources"] == "1"


def test_filters_are_the_apis(new_store):
    db, conn = _copies(new_store)
    assert len(_gdelt(db, "--status", "alleged")) == 3
    assert len(_gdelt(db, "--country", "SY")) == 3
    assert len(_gdelt(db, "--article", "00000")) == 2  # an id prefix
    assert len(_gdelt(db, "--since", "2016-05-04")) == 0 and len(_gdelt(db, "--until", "2016-05")) == 6
    assert len(_gdelt(db, "--date-by", "event", "--since", "2016-06")) == 3  # "a month later": 2016-06
    assert len(_gdelt(db, "--date-by", "event", "--until", "2016-05-02")) == 3  # retook: Monday 2016-05-02
    assert len(_gdelt(db, "--source", "activists")) == 3


def test_claims_and_quotes_exports(tmp_path, new_store):
    db, conn = _copies(new_store)
    result = CliRunner().invoke(main, ["export", "--db", str(db), "--rows", "claims", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    claims = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(claims) == 6 and {c["story_sources"] for c in claims} == {1}
    assert {c["claim_appearances"] for c in claims} == {3}  # each claim is carried by the three copies
    assert claims[0]["chain"] == "MINA → Sky News" and claims[0]["status"] == "reported"
    rows = list(csv.DictReader(io.StringIO(CliRunner().invoke(
        main, ["export", "--db", str(db), "--rows", "claims", "--format", "csv", "--origin-kind", "anonymous"]).stdout)))
    assert len(rows) == 3 and {r["origin_name"] for r in rows} == {"activists"}
    out = tmp_path / "q.parquet"
    result = CliRunner().invoke(main, ["export", "--db", str(db), "--rows", "quotes", "--format", "parquet", "-o", str(out)])
    assert result.exit_code == 0 and "exported 0 quotes" in result.output


@pytest.mark.parametrize("feature, country, expected", [
    ("A.PCLI", "SY", 1), ("A.ADM1", "US", 2), ("P.PPL", "US", 3), ("P.PPLC", "SY", 4), ("A.ADM1", "SY", 5),
    ("L.CONT", None, ""), (None, "SY", 4), (None, None, 4)])
def test_action_geo_type_follows_gdelt(feature, country, expected):
    from allegedly.export import geo_type

    assert geo_type(feature, country, True) == expected

