"""How many articles an ingest will see, when that can be known before reading them (for a total and an ETA).

Counted cheaply from the names and sizes: a folder's article files, a JSON Lines file's
non-blank lines (one pass over its bytes), one article for any other file. Standard input
has no known size: None.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

from allegedly.ingest.sources import FORMATS


def expected_articles(paths: Iterable[str]) -> int | None:
    total = 0
    for path in paths:
        if path == "-":
            return None
        if os.path.isdir(path):
            for folder, dirs, files in os.walk(path):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                total += sum(_in_file(os.path.join(folder, f)) for f in files
                             if not f.startswith(".") and Path(f).suffix.lower() in FORMATS)
        else:
            total += _in_file(path)
    return total


def _in_file(path: str) -> int:
    if FORMATS.get(Path(path).suffix.lower()) != "jsonl":
        return 1
    try:
        with open(path, "rb") as fh:
            return sum(1 for line in fh if line.strip()) or 1
    except OSError:
        return 1  # it will be an error record: still one item
