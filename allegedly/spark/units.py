"""Work units for a distributed run: whole article files, and big JSON Lines files cut into
line-aligned chunks, so one dump of many articles spreads over many tasks.

The driver only lists files and finds chunk boundaries (one sequential read of each JSON
Lines file); reading and parsing happen on the executors with the same readers as ingest.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from allegedly.errors import InputError
from allegedly.ingest.sources import FORMATS, InputReader, walk


@dataclass(frozen=True, slots=True)
class Unit:
    path: str
    start: int = 0  # byte range of a JSON Lines chunk; end -1: the whole file
    end: int = -1
    first_line: int = 1


def plan(paths: list[str], chunk_lines: int = 200, spread: int = 1) -> tuple[list[Unit], InputReader]:
    """Units for ``paths`` in input order; the returned reader counts files skipped in folders.
    A JSON Lines file is cut into chunks of about equal bytes (the NLP work follows the text,
    not the line count): one per ``chunk_lines`` lines, and at least ``spread`` chunks (a
    multiple of it) so every core gets equal shares."""
    counter = InputReader([])
    units: list[Unit] = []
    for path in paths:
        if path == "-":
            raise InputError("-", "standard input cannot be spread over a cluster; save it to a file first")
        folder = os.path.isdir(path)
        files = list(walk(path, counter)) if folder else [path]
        if folder and not files:
            units.append(Unit(path))  # the reader names the empty folder as an error
        for f in files:
            units.extend(_chunks(f, chunk_lines, spread) if FORMATS.get(Path(f).suffix.lower()) == "jsonl"
                         else [Unit(f)])
    return units, counter


def _chunks(path: str, chunk_lines: int, spread: int = 1) -> Iterator[Unit]:
    try:
        fh = open(path, "rb")
    except OSError:
        yield Unit(path)  # the reader reports it
        return
    with fh:
        lines = sum(1 for _ in iter(fh.readline, b""))
        size = fh.tell()
        count = -(-lines // chunk_lines)
        if count > 1 or spread > 1:
            count = -(-max(count, spread) // spread) * spread
        count = min(count, lines)
        if count <= 1:
            yield Unit(path)  # fits in one chunk: read whole, as ingest reads it
            return
        fh.seek(0)
        start, first, line, cut = 0, 1, 0, 1
        for _ in iter(fh.readline, b""):
            line += 1
            end = fh.tell()
            if end >= size * cut / count and cut < count:
                yield Unit(path, start, end, first)
                start, first = end, line + 1
                while cut < count and end >= size * cut / count:
                    cut += 1
        if start < size:
            yield Unit(path, start, size, first)
