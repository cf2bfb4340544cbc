"""Who publishes an article: metadata first, then the sign-off, then the dateline tag."""
from __future__ import annotations

import re

from allegedly.records import Dateline, RawArticle, Removal

_ACRONYM_IN_PARENS = re.compile(r"\(([A-Z][A-Za-z0-9&.\-]{1,15})\)\s*$")


def detect_publisher(raw: RawArticle, removed: list[Removal], dateline: Dateline) -> str | None:
    if raw.outlet:
        return raw.outlet
    for r in reversed(removed):
        if r.reason == "sign-off":
            m = _ACRONYM_IN_PARENS.search(r.text.strip())
            return m.group(1) if m else r.text.strip()
    return dateline.agency
