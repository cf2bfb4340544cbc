"""Who copied whom inside a story, and where it started.

Direction of each verified link, strongest evidence first:
1. a chain hop in one article names the other's outlet ("according to Sky News");
2. the earlier publication time, when the two lie more than SKEW apart (closer
   than that, time zones and feed delays make stamps unreliable);
3. text reuse between copies: the smaller text is the source (copies add
   bylines, links and noise lines);
4. the earlier stamp at all, then arrival order in the store.
The origin is the member the others cite, else the upstream-most member; when
the origin itself relays an outlet that is not in the store ("…, Sky News
reported"), that outlet is named as the external origin.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from allegedly.records import ArticleRecord
from allegedly.stories.credits import credit_of, own_key
from allegedly.stories.names import UNKNOWN, name_key, outlet_of

_CITED_KINDS = {"outlet", "publisher"}


@dataclass(frozen=True, slots=True)
class Edge:
    """``source`` → ``target``: target copied, rewrote or cites source."""

    source: str
    target: str
    kind: str  # copy | rewrite | cites
    score: float


@dataclass(frozen=True, slots=True)
class Origin:
    article_id: str
    name: str  # outlet that started the story (may be outside the store)
    via: str | None  # the member outlet that relays an external origin
    basis: str  # credited | own words | cited | earliest | text | only (a one-article story)


def cited_outlets(record: ArticleRecord) -> Counter[str]:
    """Outlet names a record's claims and quotes attribute to (name_key → count)."""
    own = name_key(outlet_of(record))
    out: Counter[str] = Counter()
    for item in [*record.claims, *record.quotes]:
        for hop in item.chain:
            key = name_key(hop.name)
            if hop.kind in _CITED_KINDS and key and key != own:
                out[key] += 1
    return out


def _cites(a: ArticleRecord, b: ArticleRecord) -> bool:
    """Does b cite a's outlet?"""
    return name_key(outlet_of(a)) in cited_outlets(b)


SKEW = timedelta(hours=12)
NOISE_MARGIN = 1.02  # a copy at least 2% larger than its source


def when(r: ArticleRecord) -> datetime | None:
    if not r.published:
        return None
    try:
        t = datetime.fromisoformat(r.published.replace("Z", "+00:00"))
    except ValueError:
        return None
    return t.replace(tzinfo=None) if t.tzinfo is None else t.astimezone(timezone.utc).replace(tzinfo=None)


def _order_key(r: ArticleRecord, size: int, arrival: int) -> tuple:
    return (when(r) or datetime.max, size, arrival)


def upstream_first(a: ArticleRecord, b: ArticleRecord, kind: str, sizes: dict, arrival: dict) -> bool:
    """Is ``a`` the source of ``b``?"""
    if _cites(a, b) != _cites(b, a):  # exactly one names the other's outlet
        return _cites(a, b)
    ta, tb = when(a), when(b)
    if ta and tb and abs(ta - tb) > SKEW:
        return ta < tb
    sa, sb = sizes.get(a.id, 0), sizes.get(b.id, 0)
    if kind == "copy" and min(sa, sb) and max(sa, sb) >= NOISE_MARGIN * min(sa, sb):
        return sa < sb
    return _order_key(a, sa, arrival.get(a.id, 0)) <= _order_key(b, sb, arrival.get(b.id, 0))


def direct(a, b, kind: str, score: float, sizes: dict, arrival: dict) -> Edge:
    if upstream_first(a, b, kind, sizes, arrival):
        return Edge(a.id, b.id, kind, score)
    return Edge(b.id, a.id, kind, score)


def copy_graph(records: dict[str, ArticleRecord], links, sizes: dict[str, int], arrival: dict[str, int]) -> list[Edge]:
    """Directed edges from verified links (a, b, kind, score), plus citations without text reuse."""
    edges: dict[tuple[str, str], Edge] = {}
    for a, b, kind, score in links:
        if a in records and b in records:
            e = direct(records[a], records[b], kind, score, sizes, arrival)
            edges[(e.source, e.target)] = e
    for a in records.values():
        for b in records.values():
            pair = (a.id, b.id)
            if a.id != b.id and pair not in edges and (b.id, a.id) not in edges and _cites(a, b):
                edges[pair] = Edge(a.id, b.id, "cites", 1.0)
    return sorted(edges.values(), key=lambda e: (e.source, e.target))


_SELF_CLAIMED = re.compile(
    r"\b(can (now )?reveal|(has|have) learned|our (own )?investigation|an? \w+ (exclusive|investigation) "
    r"(by|from|of) (the )?\w+|exclusive:|told (the )?(times|post|guardian|observer|newspaper|us)\b)", re.I)


def claims_first(r: ArticleRecord) -> bool:
    """The page says in its own words that the report is its own ("can reveal", "exclusive")."""
    return bool(_SELF_CLAIMED.search(f"{r.title or ''}\n{(r.text or '')[:1500]}"))


def family_credit(records: dict[str, ArticleRecord]) -> tuple[str, str] | None:
    """The outlet most members credit (key, name), when at least half of them credit it."""
    found = [credit_of(r) for r in records.values()]
    keys = Counter(f[0] for f in found if f)
    if not keys:
        return None
    key, n = keys.most_common(1)[0]
    if 2 * n < len(records):
        return None
    return key, next(f[1] for f in found if f and f[0] == key)


def find_origin(records: dict[str, ArticleRecord], edges: list[Edge], sizes, arrival) -> Origin:
    """Where the family started, from the pages' own words first: the outlet they credit (a
    page never becomes the origin of the outlet it credits), a member that is that outlet or
    that claims the report ("can reveal"), then citations, then times and text."""
    credit = family_credit(records)
    if credit is not None:
        own = [r for r in records.values() if own_key(r) == credit[0]]
        if own:  # the credited outlet's own page is in the family
            top = min(own, key=lambda r: _order_key(r, sizes.get(r.id, 0), arrival.get(r.id, 0)))
            return Origin(top.id, outlet_of(top), None, "cited")
    claimed = [r for r in records.values() if claims_first(r) and credit_of(r) is None]
    cited_by = Counter(e.source for e in edges if _cites(records[e.source], records[e.target]))
    has_upstream = {e.target for e in edges}
    ranked = sorted(
        records.values(),
        key=lambda r: (r not in claimed, -cited_by[r.id], r.id in has_upstream,
                       _order_key(r, sizes.get(r.id, 0), arrival.get(r.id, 0))),
    )
    top = ranked[0]
    if credit is not None:  # the credited outlet is not in the store: it is the origin, relayed by top
        via = outlet_of(top)
        return Origin(top.id, credit[1], None if via == UNKNOWN else via, "credited")
    if len(records) == 1:
        basis = "only"
    elif top in claimed:
        basis = "own words"
    else:
        basis = "cited" if cited_by[top.id] else ("earliest" if top.published else "text")
    external = _external_origin(top, records)
    if external:
        via = outlet_of(top)
        return Origin(top.id, external, None if via == UNKNOWN else via, "cited")
    return Origin(top.id, outlet_of(top), None, basis)


def _external_origin(top: ArticleRecord, records: dict[str, ArticleRecord]) -> str | None:
    """The outlet the origin article itself relays for most of its attributed claims."""
    members = {name_key(outlet_of(r)) for r in records.values()}
    counts = cited_outlets(top)
    if not counts:
        return None
    key, n = counts.most_common(1)[0]
    if key in members or n < 1:
        return None
    for item in [*top.claims, *top.quotes]:
        for hop in item.chain:
            if name_key(hop.name) == key and hop.kind in _CITED_KINDS:
                return hop.name
    return None
