"""Direct quotes: pairs of quote marks (curly or straight), across sentences, never crashing
on odd counts; speaker from the attribution before, inside or after the quote, else the
previous quote's speaker when the quote follows it in the same paragraph."""
from __future__ import annotations

import re

_QUOTE = re.compile(r"“([^”]{3,})”|\"([^\"]{3,})\"")


def quote_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each quoted text including its marks; unmatched marks are ignored."""
    return [(m.start(), m.end()) for m in _QUOTE.finditer(text) if len((m.group(1) or m.group(2)).split()) >= 4]


def inside(spans: list[tuple[int, int]], i: int) -> bool:
    return any(s <= i < e for s, e in spans)
