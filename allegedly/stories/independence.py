"""Independent sources per claim: distinct chain origins, not articles.

An appearance's own origin is read from its chain (publisher → … → deepest hop):
* the chain names sources beyond the publisher: the origin is the first of
  them — the outlet or person that reported it — and what it drew on (the
  deepest hop: documents, defectors) is shown with it. "MINA → Sky News →
  leaked files → IS defectors" is one origin, Sky News' sources, not two;
* the publisher states it in its own voice: the publisher is the origin.

A derived article adds no source. When an article copied, rewrote or cites
another member (copy graph), its appearance of a shared claim takes the origin
of the upstream appearance — unless its chain names a source that the upstream
chain does not hold, which is new reporting and counts on its own:
* rewrites and citing articles inherit from their upstream only: a rewrite may
  drop attribution its source had, so dropping a hop says nothing, but the
  source it rewrote did not get the claim from what the rewrite added;
* copies (near-identical text) inherit in either direction from the fuller
  chain: the two hold the same sentence, so a shorter chain in one of them is a
  weaker reading of the same attribution (extraction varies with the dateline,
  the sign-off, the publisher's name), and which copy came first is a guess;
  between copies that read alike, the story's origin (found from citations)
  is upstream, and a chain naming the other article's outlet relays it.
Independent sources are then the distinct origins of the claim's appearances.

Why not simply collapse any chain into a longer one it is a sub-chain of
("IS defectors (via files)" into "IS defectors (via Sky News)") across the
whole story: without a copy/rewrite/cite edge there is no evidence that one
article drew on the other, and generic deepest hops ("officials", "police")
would merge genuinely independent reports — two outlets that each spoke to
officials are two sources. The sub-chain test is applied only along edges.
"""
from __future__ import annotations

from dataclasses import dataclass

from allegedly.stories.match import Appearance, ClaimGroup
from allegedly.stories.names import name_key
from allegedly.stories.origin import Edge

_DERIVED = ("copy", "rewrite", "quotes", "cites")


@dataclass(frozen=True, slots=True)
class SourceOrigin:
    key: str  # name_key of the reporting source: what independence counts
    label: str  # "IS defectors (via Sky News)"


def _beyond(app: Appearance) -> list[str]:
    """Names the chain holds beyond the publisher, in order."""
    own = name_key(app.outlet)
    return [name for name, kind in app.chain if kind != "publisher" and name_key(name) != own]


def chain_origin(app: Appearance) -> SourceOrigin | None:
    beyond = _beyond(app)
    if not beyond:
        return None
    first, deepest = beyond[0], beyond[-1]
    label = first if deepest == first else f"{deepest} (via {first})"
    return SourceOrigin(name_key(first), label)


def own_origin(app: Appearance) -> SourceOrigin:
    return chain_origin(app) or SourceOrigin(name_key(app.outlet), app.outlet)


@dataclass(frozen=True, slots=True)
class _Reading:
    """What one appearance's chain says, as keys."""

    publisher: str
    beyond: frozenset[str]  # sources past the publisher
    named: frozenset[str]  # every name in the chain, the publisher included


def _reading(app: Appearance) -> _Reading:
    own = name_key(app.outlet)
    beyond = frozenset(name_key(n) for n in _beyond(app))
    return _Reading(own, beyond, beyond | {own} | {name_key(n) for n, _ in app.chain})


Links = dict[str, dict[str, tuple[str, float]]]


def derivation_links(edges: list[Edge]) -> Links:
    """derived → {other: (kind, score)} for every pair along which ``derived`` may inherit."""
    out: Links = {}
    for e in edges:
        if e.kind not in _DERIVED:
            continue
        out.setdefault(e.target, {})[e.source] = (e.kind, e.score)
        if e.kind == "copy":  # a copy's direction is a guess: the fuller reading wins either way
            out.setdefault(e.source, {}).setdefault(e.target, ("copy-down", e.score))
    return out


def _inherits(kind: str, mine: _Reading, theirs: _Reading, mine_is_origin: bool, theirs_is_origin: bool) -> bool:
    """May an appearance with reading ``mine`` take its origin from ``theirs`` along ``kind``?"""
    if not mine.beyond <= theirs.named:
        return False  # it names a source the other does not: its own reporting
    if theirs.publisher in mine.beyond or mine.publisher in theirs.beyond:
        return theirs.publisher in mine.beyond  # whoever names the other's outlet relays it
    if not kind.startswith("copy") or len(theirs.beyond) != len(mine.beyond):
        return kind != "copy-down" or len(theirs.beyond) > len(mine.beyond)
    # two copies read alike: the story's origin (found from citations) beats the copy
    # direction, which a re-stamped feed time can turn around
    if mine_is_origin or theirs_is_origin:
        return theirs_is_origin
    return kind == "copy"


def _parent(app: Appearance, members: dict[str, tuple[int, Appearance]], links: Links,
            readings: dict[str, _Reading], origin: str | None) -> Appearance | None:
    """The appearance ``app`` takes its origin from, if it adds no source of its own."""
    best, best_rank = None, None
    for other_id, (kind, score) in links.get(app.article_id, {}).items():
        if other_id not in members or not _inherits(kind, readings[app.article_id], readings[other_id],
                                                    app.article_id == origin, other_id == origin):
            continue
        pos, other = members[other_id]
        rank = (len(readings[other_id].beyond), other_id == origin, kind != "copy-down", score, -pos)
        if best_rank is None or rank > best_rank:
            best, best_rank = other, rank
    return best


def resolve(group: ClaimGroup, links: Links, origin: str | None = None) -> dict[tuple[str, int], SourceOrigin]:
    """Origin of every appearance of one claim.

    ``links``: ``derivation_links(edges)`` of the story (built once for all its claims);
    ``origin``: the story's origin article.
    """
    members = {a.article_id: (i, a) for i, a in enumerate(group.appearances)}  # one appearance per article
    readings = {a.article_id: _reading(a) for a in group.appearances}
    parents = {a.article_id: _parent(a, members, links, readings, origin) for a in group.appearances}

    def root(app: Appearance) -> Appearance:
        path = [app]
        while (up := parents[path[-1].article_id]) is not None:
            if up in path:  # copy directions decided pair by pair can loop; alike readings: story order
                loop = path[path.index(up):]
                return min(loop, key=lambda a: (len(readings[a.article_id].beyond), members[a.article_id][0]))
            path.append(up)
        return path[-1]

    return {(a.article_id, a.seq): own_origin(root(a)) for a in group.appearances}


def independent_sources(origins: dict[tuple[str, int], SourceOrigin]) -> list[SourceOrigin]:
    distinct: dict[str, SourceOrigin] = {}
    for o in origins.values():
        distinct.setdefault(o.key, o)
    return list(distinct.values())
