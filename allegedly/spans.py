"""Spans that agree with their text: ``record.text[start:end] == item.text``.

Extractors sometimes take a sentence with the white space after it, so the span
is one or two characters longer than the stripped text it reports. Here a span
whose text differs only by surrounding white space is narrowed to the text;
anything else is left as it is (a direct quote's text is its inside, without
the quotation marks its span covers, by design).
"""
from __future__ import annotations

import dataclasses
from typing import Any


def tight(text: str, span: tuple[int, int] | None) -> tuple[int, int] | None:
    """``span`` without white space at either end (never empty)."""
    if not span:
        return span
    start, end = span
    while end > start + 1 and text[end - 1].isspace():
        end -= 1
    while start < end - 1 and text[start].isspace():
        start += 1
    return (start, end)


def tidy_spans(text: str, parts: dict[str, list[Any]]) -> dict[str, list[Any]]:
    """Claims, quotes and entities with spans narrowed where only white space differed."""
    out = dict(parts)
    for key in ("claims", "quotes", "entities"):
        out[key] = [_tidy(text, item) for item in parts.get(key, [])]
    return out


def _tidy(text: str, item):
    span = getattr(item, "span", None)
    if not span or text[span[0]:span[1]] == item.text:
        return item
    narrowed = tight(text, span)
    if text[narrowed[0]:narrowed[1]] == item.text:
        return dataclasses.replace(item, span=narrowed)
    return item
