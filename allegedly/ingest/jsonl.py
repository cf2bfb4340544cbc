"""JSON Lines: one article object per line.

    {"url": …, "title": …, "text": … | "html": …, "published": …, "outlet": …}

A bad line becomes an InputError named ``path:line``; the other lines go on.
"""
from __future__ import annotations

import json
from typing import Iterator

from allegedly.errors import EmptyInput, InputError
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


def parse_line(where: str, line: str) -> RawArticle:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(where, f"not valid JSON ({exc.msg} at column {exc.colno})") from None
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
