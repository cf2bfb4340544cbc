"""Direct quote marks: pairs of curly or straight quotes, across sentences, never crashing on
odd counts. A curly pair never contains another opening mark, so one unmatched “ costs
one quote, not every pairing after it; a straight pair never crosses a blank line (a new
paragraph), which bounds the damage of an unmatched straight mark the same way, and never holds
a curly mark (a text that quotes with curly marks wraps whole paragraphs in straight ones only
as an export artefact: PolNeAR's HuffPost texts)."""
from __future__ import annotations

import re

from allegedly.spans import itself, overlapping

# the third form is the doubled apostrophe both sides (''…'', the New York Times' archive)
# the fourth is a paragraph of a quote running over several paragraphs: it opens, never closes,
# and the next paragraph opens the quote again (the convention for multi-paragraph quotes)
_QUOTE = re.compile(r"(?:“|'')([^“”]{3,}?)”|\"((?:[^\"\n“”]|\n(?!\s*\n)){3,}?)\"|''((?:(?!'')(?:[^\n“”]|\n(?!\s*\n))){3,}?)''"
                    r"|“([^“”\n]{3,})(?=\n\s*\n\s*“)")


def quote_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each quoted text including its marks; unmatched marks are ignored."""
    return [(m.start(), m.end()) for m in _QUOTE.finditer(text)
            if len((m.group(1) or m.group(2) or m.group(3) or m.group(4) or "").split()) >= 4]


def inside(spans: list[tuple[int, int]], i: int) -> bool:
    return bool(overlapping(spans, i, i + 1, itself))
