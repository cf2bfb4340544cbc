"""Spans that agree with their text: ``record.text[start:end] == item.text``.

Extractors sometimes take a sentence with the white space after it, so the span
is one or two characters longer than the stripped text it reports. Here a span
whose text differs only by surrounding white space is narrowed to the text;
anything else is left as it is (a direct quote's text is its inside, without
the quotation marks its span covers, by design).
"""
from __future__ import annotations

import dataclasses
from bisect import bisect_left
from typing import Any, Callable


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


# --- finding what overlaps a span, in O(log n) -----------------------------------------------

_INDEXES: dict[int, tuple] = {}
_KEEP = 16


def overlapping(items: list, lo: int, hi: int, span: Callable[[Any], Any] = lambda x: x.span) -> list[int]:
    """Indices, ascending, of ``items`` whose ``[start, end)`` overlaps ``[lo, hi)``; with
    ``hi = lo + 1``: those holding character ``lo``.

    Components ask this once per sentence, claim or trigger; a scan of every entity, quote
    or claim each time grows with the square of the article. The index (starts sorted, the
    widest item) is built once per list and kept while the list is alive and unchanged in length.
    """
    index = _index(items, span)
    order, starts, ends, widest = index
    window = order[bisect_left(starts, lo - widest):bisect_left(starts, hi)]
    return sorted(k for k in window if lo < ends[k])


def _index(items: list, span) -> tuple:
    cached = _INDEXES.get(id(items))
    if cached is not None and cached[0] is items and cached[1] == len(items) and cached[2] is span:
        return cached[3]
    spans = [span(x) for x in items]
    order = sorted((k for k, s in enumerate(spans) if s), key=lambda k: spans[k][0])
    starts = [spans[k][0] for k in order]
    ends = [s[1] if s else -1 for s in spans]
    widest = max((spans[k][1] - spans[k][0] for k in order), default=0)
    index = (order, starts, ends, widest)
    if len(_INDEXES) >= _KEEP:
        _INDEXES.pop(next(iter(_INDEXES)))
    _INDEXES[id(items)] = (items, len(items), span, index)
    return index


def itself(span):
    """The ``span`` argument of :func:`overlapping` for a list of plain (start, end) pairs."""
    return span
