"""What runs on a Spark executor: read units, run the pipeline, return plain rows.

Rows carry the record as its JSON contract, so the driver rebuilds exactly what
``allegedly extract`` prints, and the story features ingest would compute for it
(MinHash signatures, sampled passages, names, the event bag), so clustering never
reads text again. A Python worker reuses its pipeline across tasks.
"""
from __future__ import annotations

import json
from typing import Iterable, Iterator

import numpy as np

from allegedly.errors import InputError
from allegedly.ingest.jsonl import iter_jsonl_stream
from allegedly.ingest.sources import InputReader, default_max_bytes
from allegedly.settings import Settings
from allegedly.spark.units import Unit
from allegedly.stories.clusters import EventFeatures, event_features
from allegedly.stories.features import Features, features

COLUMNS = ("source", "id", "record", "error", "warnings")
# part, pos: where the row stands in input order (task number, row within the task)
FEATURE_COLUMNS = ("part", "pos", "text_sig", "bag_sig", "entities", "size", "bag_size", "passages",
                   "outlet_key", "credit", "published", "bag", "prior", "day", "embedding")


def read_unit(unit: Unit) -> Iterator:
    if unit.end < 0:
        yield from InputReader([unit.path])
        return
    try:
        fh = open(unit.path, "rb")
    except OSError as exc:
        yield InputError(unit.path, f"cannot read: {exc.strerror or exc}")
        return
    with fh:
        fh.seek(unit.start)

        def readline(limit: int = -1) -> bytes:
            return fh.readline(limit) if fh.tell() < unit.end else b""

        yield from iter_jsonl_stream(unit.path, readline, default_max_bytes(), unit.first_line)


def feature_values(record) -> tuple:
    """The story and event features of one record, as Parquet cells."""
    f, e = features(record), event_features(record)
    return (f.text_sig.tobytes(), f.bag_sig.tobytes(), json.dumps(sorted(f.entities), ensure_ascii=False),
            f.size, f.bag_size, f.passages.tobytes(), f.outlet, f.credit, f.published,
            json.dumps(e.bag, ensure_ascii=False, sort_keys=True),
            json.dumps(e.prior, ensure_ascii=False, sort_keys=True), e.day, e.embedding)


def story_features(row: dict) -> Features:
    return Features(row["id"], np.frombuffer(row["text_sig"], dtype=np.uint32),
                    np.frombuffer(row["bag_sig"], dtype=np.uint32), frozenset(json.loads(row["entities"])),
                    row["published"], row["size"], row["bag_size"],
                    np.frombuffer(row["passages"] or b"", dtype=np.uint32), row["outlet_key"] or "", row["credit"])


def event_features_of(row: dict) -> EventFeatures:
    return EventFeatures(row["id"], json.loads(row["bag"]), row["day"], json.loads(row["prior"] or "{}"),
                         bytes(row["embedding"]) if row.get("embedding") else None)


def process_units(settings: Settings, skip_ids: frozenset[str], units: Iterable[Unit], part: int = 0,
                  homes: dict | None = None) -> Iterator[tuple]:
    from allegedly.cli import get_pipeline  # one pipeline per settings per Python worker

    items = (item for unit in units for item in read_unit(unit))
    empty = (None,) * (len(FEATURE_COLUMNS) - 2)
    pipeline = get_pipeline(settings)
    pipeline.homes = dict(homes or {})  # the run's outlet homes, fixed by the driver
    for pos, outcome in enumerate(pipeline.process_many(items, skip_ids=set(skip_ids))):
        record, problem = outcome.record, outcome.error.problem if outcome.error else None
        feats = empty
        if record is not None:
            try:
                feats = feature_values(record)
            except Exception as exc:  # noqa: BLE001 - as ingest's story writer failing: this article's error
                record, problem = None, f"could not be stored: {type(exc).__name__}: {exc}"
        yield (outcome.source, record.id if record else None,
               json.dumps(record.as_dict(), ensure_ascii=False) if record else None,
               problem, json.dumps(outcome.warnings), part, pos, *feats)
