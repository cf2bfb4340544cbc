"""Outlet and source names compared loosely: "Sky", "Sky News" and "SKY NEWS" meet."""
from __future__ import annotations

import re

_GENERIC = {"the", "news", "agency", "tv", "television", "network", "online", "com", "channel", "newspaper"}
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def name_key(name: str | None) -> str:
    """Lower-cased words minus generic media words; the bare name when nothing is left."""
    if not name:
        return ""
    ws = [w for w in _WORD.findall(name.lower())]
    kept = [w for w in ws if w not in _GENERIC]
    return " ".join(kept or ws)


UNKNOWN = "unknown"


def outlet_of(record) -> str:
    return record.publisher or record.outlet or (record.dateline.agency if record.dateline else None) or UNKNOWN


def origin_key(origin_name: str | None, story_id: str) -> str:
    """What makes two families one source: their origin's name; a family whose origin has no
    name is its own source (two unnamed outlets are not one)."""
    key = name_key(origin_name)
    return story_id if not key or key == UNKNOWN else key
