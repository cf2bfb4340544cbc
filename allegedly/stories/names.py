"""Outlet and source names compared loosely: "Sky", "Sky News" and "SKY NEWS" meet."""
from __future__ import annotations

import re
from functools import lru_cache

_GENERIC = {"the", "news", "agency", "tv", "television", "network", "online", "com", "channel", "newspaper"}
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@lru_cache(maxsize=65_536)  # the same outlet and source names come back for every claim of every article
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


# Sister titles of one newsroom: a Sunday paper and its weekday sibling share editors, reporters and
# the reporting package they publish (the Observer's scoop runs on the Guardian's site), so an
# analyst counts them as one source. Keys are name_key()s; the value is the group's key.
NEWSROOMS = {
    "observer": "guardian",
    "sunday times": "times",
    "mail on sunday": "daily mail",
    "mail online": "daily mail",
    "dailymail": "daily mail",
    "sunday telegraph": "daily telegraph",
    "telegraph": "daily telegraph",
    "sunday mirror": "mirror",
    "daily mirror": "mirror",
    "sunday express": "daily express",
    "independent on sunday": "independent",
    "international new york times": "new york times",
    "international herald tribune": "new york times",
}


def newsroom_key(name: str | None) -> str:
    """name_key() of an outlet, with sister titles folded into their newsroom ("The Observer" → "guardian")."""
    key = name_key(name)
    return NEWSROOMS.get(key, key)


# Words of a description of unnamed outlets ("media in the United States", "local media", "reports"):
# a page that says it relays such reports names no source of its own.
_UNNAMED = {"media", "local", "us", "u", "s", "united", "states", "american", "western", "foreign", "international",
            "mexican", "british", "russian", "press", "reports", "report", "outlets", "newspapers", "several",
            "some", "other", "various", "in", "of", "the", "news", "mainstream"}
_UNNAMED_HEADS = {"media", "reports", "report", "outlets", "newspapers"}  # not "press": United Press International


def unnamed_media(name: str | None) -> bool:
    """Does ``name`` describe outlets without naming one ("Media", "local media", "US media reports")?
    A named outlet ("Media Matters", "Press TV") has a word outside the description."""
    ws = _WORD.findall((name or "").lower())
    if ws in (["press"], ["the", "press"]):
        return True
    return bool(ws) and all(w in _UNNAMED for w in ws) and any(w in _UNNAMED_HEADS for w in ws)


def origin_key(origin_name: str | None, story_id: str) -> str:
    """What makes two families one source: their origin's newsroom; a family whose origin has no
    name is its own source (two unnamed outlets are not one)."""
    key = newsroom_key(origin_name)
    return story_id if not key or key == UNKNOWN else key
