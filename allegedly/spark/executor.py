"""What runs on a Spark executor: read units, run the pipeline, return plain rows.

Rows carry the record as its JSON contract, so the driver rebuilds exactly what
``allegedly extract`` prints; a Python worker reuses its pipeline across tasks.
"""
from __future__ import annotations

import json
from typing import Iterable, Iterator

from allegedly.errors import InputError
from allegedly.ingest.jsonl import iter_jsonl_stream
from allegedly.ingest.sources import InputReader, default_max_bytes
from allegedly.settings import Settings
from allegedly.spark.units import Unit

COLUMNS = ("source", "id", "record", "error", "warnings")


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


def process_units(settings: Settings, skip_ids: frozenset[str], units: Iterable[Unit]) -> Iterator[tuple]:
    from allegedly.cli import get_pipeline  # one pipeline per settings per Python worker

    items = (item for unit in units for item in read_unit(unit))
    for outcome in get_pipeline(settings).process_many(items, skip_ids=set(skip_ids)):
        record = outcome.record
        yield (outcome.source, record.id if record else None,
               json.dumps(record.as_dict(), ensure_ascii=False) if record else None,
               outcome.error.problem if outcome.error else None, json.dumps(outcome.warnings))
