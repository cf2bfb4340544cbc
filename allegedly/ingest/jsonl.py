"""JSON Lines: one article object per line.

    {"url": …, "title": …, "text": … | "html": …, "published": …, "outlet": …}

A bad line becomes an InputError named ``path:line``; the other lines go on.
Files are read line by line, so a dump of many articles is never held in
memory whole and the size limit applies to each line, not to the file.
"""
from __future__ import annotations

import codecs
import json
from typing import Callable, Iterator

from allegedly.errors import EmptyInput, InputError
from allegedly.ingest import guard
from allegedly.ingest.html import parse_html
from allegedly.records import RawArticle

_STRING_FIELDS = ("url", "title", "text", "html", "published", "outlet")


def iter_jsonl(source: str, text: str) -> Iterator[RawArticle | InputError]:
    seen = False
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        seen = True
        where = f"{source}:{number}"
        try:
            yield parse_line(where, line)
        except InputError as exc:
            yield exc
    if not seen:
        yield EmptyInput(source, "JSON Lines file with no non-blank line")


def iter_jsonl_stream(
    source: str, readline: Callable[[int], bytes], max_bytes: int = 0, first_line: int = 1
) -> Iterator[RawArticle | InputError]:
    """Articles from a binary stream's ``readline``; each line is guarded on its own.

    ``first_line`` > 1: the stream is a chunk of a file starting at that line (the Spark
    runner splits big files), so lines keep their numbers and an empty chunk is no error."""
    seen = first_line > 1
    for number, raw, too_long in _bounded_lines(readline, max_bytes, first_line):
        if number == 1:
            raw = raw.removeprefix(codecs.BOM_UTF8)
        if not raw.strip() and not too_long:
            continue
        seen = True
        where = f"{source}:{number}"
        try:
            if too_long:
                raise InputError(where, f"line is over the size limit of {guard.human_size(max_bytes)}; "
                                        "raise it with max_bytes= (env ALLEGEDLY_MAX_BYTES)")
            if b"\x00" in raw:
                raise InputError(where, "binary data (NUL bytes) in the line, not JSON")
            yield parse_line(where, guard.decode(where, raw))
        except InputError as exc:
            yield exc
    if not seen:
        yield EmptyInput(source, "JSON Lines input with no non-blank line")


def _bounded_lines(readline: Callable[[int], bytes], max_bytes: int,
                   first_line: int = 1) -> Iterator[tuple[int, bytes, bool]]:
    # readline(limit) keeps one oversized line from filling memory: the rest of it is read and dropped.
    limit = max_bytes + 1 if max_bytes else -1
    number = first_line - 1
    while True:
        raw = readline(limit)
        if not raw:
            return
        number += 1
        too_long = bool(max_bytes) and len(raw) > max_bytes
        if too_long:
            while raw and not raw.endswith(b"\n"):
                raw = readline(1 << 20)
            raw = b""
        yield number, raw, too_long


def parse_line(where: str, line: str) -> RawArticle:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(where, f"not valid JSON: {exc.msg} (column {exc.colno})") from None
    if not isinstance(obj, dict):
        raise InputError(where, f"a JSON {type(obj).__name__} where an article object {{...}} was expected")
    return parse_object(where, obj)


def parse_object(where: str, obj: dict) -> RawArticle:
    for key in _STRING_FIELDS:
        value = obj.get(key)
        if value is not None and not isinstance(value, str):
            raise InputError(where, f'field "{key}" must be a string, not {type(value).__name__}')
    meta = {k: obj[k] for k in ("url", "title", "published", "outlet") if obj.get(k)}
    if isinstance(obj.get("text"), str) and obj["text"].strip():
        return RawArticle(source=where, text=obj["text"].strip("\n"), fmt="jsonl", **_with_title(meta))
    if isinstance(obj.get("html"), str) and obj["html"].strip():
        return parse_html(where, obj["html"], **meta)
    if "text" in obj or "html" in obj:
        raise EmptyInput(where, 'empty "text"/"html" field')
    raise InputError(where, 'no "text" or "html" field (keys: ' + ", ".join(sorted(obj)) + ")")


def _with_title(meta: dict) -> dict:
    return {"title": "", **meta}
