"""Ingest: bytes from files, folders or stdin → RawArticle, with guards on every input.

    reader = read_inputs(["articles/", "one.html", "-"], stdin=sys.stdin.buffer)
    for item in reader:            # RawArticle or InputError, never raises for a bad input
        ...
    reader.skipped                 # files in folders left out as not an article type
    reader.skipped_line()          # "skipped 3 files of unsupported type (.pdf ×2, .png ×1)"
"""
from __future__ import annotations

from typing import BinaryIO, Iterable

from allegedly.ingest.guard import DEFAULT_MAX_BYTES
from allegedly.ingest.sources import FORMATS, InputReader, parse_bytes, sniff


def read_inputs(
    paths: Iterable[str], stdin: BinaryIO | None = None, max_bytes: int | None = None
) -> InputReader:
    """Articles and per-input errors from ``paths`` ('-' = ``stdin``), in the order given.

    ``max_bytes`` caps each file (checked with os.stat before reading); default
    10 MB or env ALLEGEDLY_MAX_BYTES; 0 means no limit.
    """
    return InputReader(paths, stdin=stdin, max_bytes=max_bytes)


__all__ = ["read_inputs", "InputReader", "parse_bytes", "sniff", "FORMATS", "DEFAULT_MAX_BYTES"]
