"""Whose report a page rests on: the outlet it credits, named as the actor dictionary names it.

A page that restates another outlet's report names it ("according to The Washington Post",
"the Post reported", "told CNN", a "(AP)" dateline, a byline "By … Washington Post"). The
entities stage types such names as ``media`` and gives the dictionary's canonical name, so
"Sky", "SkyNews" and "Sky News" meet; a short form without one ("the Post", "the Times") is
read as the canonical outlet of the same article whose name ends with it.
The credited outlet is the one named most often (chains that attribute claims to it count
double), the page's own outlet excluded; the earliest named wins a tie. A name in a sentence
that dates the report it recalls ("Last May The Guardian reported") is background, not credit.
"""
from __future__ import annotations

import re
from collections import Counter

from allegedly.stories.names import UNKNOWN, name_key, outlet_of

_CITED_KINDS = {"outlet", "publisher"}
# A sentence that dates the cited report well before the page ("Last May The Guardian reported",
# "It's been more than a year since The Intercept reported") recalls background: the page does
# not rest on that report.
_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_BACKGROUND = re.compile(
    rf"\b(last (year|spring|summer|autumn|fall|winter|{_MONTHS})|(a|one|two|three|several|more than a|over a) "
    rf"(years?|months) (ago|since|earlier|before)|back in|in (19|20)\d\d\b|years? ago)", re.I)
_SENTENCE_END = re.compile(r"(?<=[.!?])[”\"’)]?\s+|\n")


_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")


def _sentence(text: str, pos: int) -> str:
    start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, pos)), default=0)
    end = _SENTENCE_END.search(text, pos)
    return text[start:end.start() if end else len(text)]


def background(text: str, pos: int) -> bool:
    """Does the sentence at ``pos`` recall an earlier report rather than credit this one?"""
    if not text:
        return False
    # dates inside quoted speech ("the same nightmare as in 1985," she told AFP) are the speaker's:
    # blank quotations out over the whole paragraph, where their marks pair up
    lo, hi = text.rfind("\n", 0, pos) + 1, text.find("\n", pos)
    hi = len(text) if hi < 0 else hi
    para = _QUOTED.sub(lambda m: " " * len(m.group()), text[lo:hi])
    return bool(_BACKGROUND.search(_sentence(para, pos - lo)))


def own_key(record) -> str:
    """The page's own outlet, without a carried wire in brackets ("TIME (AP)" → "time")."""
    name = outlet_of(record)
    name = name.split("(")[0].strip() or name
    return "" if name == UNKNOWN else name_key(name)


def _canonical(entities) -> dict[str, str]:
    """Short form → full key, for the outlets the page names in full ("post" → "washington post")."""
    full = [name_key(e.name) for e in entities if e.name]
    out = {}
    for f in full:
        parts = f.split()
        for i in range(1, len(parts)):
            out.setdefault(" ".join(parts[i:]), f)
    return out


def credited(record) -> str | None:
    """The name key of the outlet this page credits, or None."""
    found = credit_of(record)
    return found[0] if found else None


def credit_of(record) -> tuple[str, str] | None:
    """(name key, display name) of the outlet this page credits, or None."""
    media = [e for e in getattr(record, "entities", []) or [] if e.type == "media"]
    short = _canonical(media)
    own = own_key(record)
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    shown: dict[str, str] = {}
    text = getattr(record, "text", "") or ""
    for e in sorted(media, key=lambda e: e.span[0]):
        key = name_key(e.name) if e.name else short.get(name_key(e.text), name_key(e.text))
        if key and key != own and not background(text, e.span[0]):
            counts[key] += 1
            first.setdefault(key, e.span[0])
            if e.name or key not in shown:
                shown[key] = e.name or e.text
    for item in [*getattr(record, "claims", []), *getattr(record, "quotes", [])]:
        for hop in item.chain:
            key = short.get(name_key(hop.name), name_key(hop.name))
            if hop.kind in _CITED_KINDS and key in counts:
                counts[key] += 2
    agency = record.dateline.agency if getattr(record, "dateline", None) else None
    if agency and name_key(agency) != own:
        named = next((e.name for e in media if e.name and e.text.lower() == agency.lower()), None)
        agency = named or agency  # "AP" as the dictionary names it: Associated Press
        key = short.get(name_key(agency), name_key(agency))
        counts[key] += 3  # a wire dateline: the page carries the wire's text
        first.setdefault(key, -1)
        shown.setdefault(key, agency)
    if not counts:
        return None
    key = min(counts, key=lambda k: (-counts[k], first.get(k, 0)))
    return key, shown.get(key, key)
