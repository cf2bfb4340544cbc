"""Who publishes an article: metadata first, then the sign-off, then the dateline tag.

A sign-off line carries the outlet inside boilerplate ("© 2016 Reuters. All rights reserved",
"Source: Al Jazeera", "-- AFP", "Mi’raj Islamic News Agency (MINA)"); the name is what is left
once that boilerplate is stripped, and an acronym in parentheses is preferred because the
same outlet tags its datelines with it.
"""
from __future__ import annotations

import re

from allegedly.records import Dateline, RawArticle, Removal

_ACRONYM_IN_PARENS = re.compile(r"\(([A-Z][A-Za-z0-9&.\-]{1,15})\)\s*$")
_LEAD = re.compile(r"^(?:©|\(c\)|copyright\b|sources?\s*:|via\s*:|[-–—]+)\s*", re.IGNORECASE)
_NOISE = re.compile(r"\b(?:19|20)\d\d\b|all\s+rights\s+reserved\.?", re.IGNORECASE)
_MAX_WORDS = 6


def name_from_sign_off(text: str) -> str | None:
    """The outlet named by a sign-off line, or None when it names none we can trust."""
    text = text.strip()
    m = _ACRONYM_IN_PARENS.search(text)
    if m:
        return m.group(1)
    if text.lower().startswith("our standards"):
        return None
    prev = None
    while prev != text:  # "© Copyright 2016 Reuters" has two leads
        prev, text = text, _LEAD.sub("", text).strip()
    name = _NOISE.sub("", text).strip(" .,;:-–—|")
    name = re.sub(r"\s{2,}", " ", name)
    return name if name and len(name.split()) <= _MAX_WORDS else None


def detect_publisher(raw: RawArticle, removed: list[Removal], dateline: Dateline) -> str | None:
    if raw.outlet:
        return raw.outlet
    for r in reversed(removed):
        if r.reason == "sign-off":
            name = name_from_sign_off(r.text)
            if name:
                return name
    return dateline.agency
