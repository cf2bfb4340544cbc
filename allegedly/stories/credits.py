"""Whose report a page rests on: the outlet it credits, named as the actor dictionary names it.

A page that restates another outlet's report names it ("according to The Washington Post",
"the Post reported", "told CNN", a "(AP)" dateline, a byline "By … Washington Post"). The
entities stage types such names as ``media`` and gives the dictionary's canonical name, so
"Sky", "SkyNews" and "Sky News" meet; a short form without one ("the Post", "the Times") is
read as the canonical outlet of the same article whose name ends with it.
The credited outlet is the one named most often (chains that attribute claims to it count
double), the page's own outlet excluded; the earliest named wins a tie.
"""
from __future__ import annotations

from collections import Counter

from allegedly.stories.names import UNKNOWN, name_key, outlet_of

_CITED_KINDS = {"outlet", "publisher"}


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
    for e in sorted(media, key=lambda e: e.span[0]):
        key = name_key(e.name) if e.name else short.get(name_key(e.text), name_key(e.text))
        if key and key != own:
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
