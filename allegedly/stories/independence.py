"""Independent sources per claim: distinct chain origins, not articles.

An appearance's origin is read from its chain (publisher → … → deepest hop):
* the chain names sources beyond the publisher: the origin is the first of
  them — the outlet or person that reported it — and what it drew on (the
  deepest hop: documents, defectors) is shown with it. "MINA → Sky News →
  leaked files → IS defectors" is one origin, Sky News' sources, not two;
* the publisher states it in its own voice: if the article copied or rewrote
  another member (copy graph), the claim comes from upstream — the origin of
  the same claim there; else the publisher is the origin.
"""
from __future__ import annotations

from dataclasses import dataclass

from allegedly.stories.match import Appearance, ClaimGroup
from allegedly.stories.names import name_key
from allegedly.stories.origin import Edge


@dataclass(frozen=True, slots=True)
class SourceOrigin:
    key: str  # name_key of the reporting source: what independence counts
    label: str  # "IS defectors (via Sky News)"


def chain_origin(app: Appearance) -> SourceOrigin | None:
    own = name_key(app.outlet)
    beyond = [name for name, kind in app.chain if kind != "publisher" and name_key(name) != own]
    if not beyond:
        return None
    first, deepest = beyond[0], beyond[-1]
    label = first if deepest == first else f"{deepest} (via {first})"
    return SourceOrigin(name_key(first), label)


def resolve(group: ClaimGroup, edges: list[Edge]) -> dict[tuple[str, int], SourceOrigin]:
    """Origin of every appearance of one claim."""
    upstream: dict[str, list[str]] = {}
    for e in edges:
        if e.kind in ("copy", "rewrite"):
            upstream.setdefault(e.target, []).append(e.source)
    by_article = {a.article_id: a for a in group.appearances}
    out: dict[tuple[str, int], SourceOrigin] = {}

    def origin_of(app: Appearance, seen: frozenset[str]) -> SourceOrigin:
        found = chain_origin(app)
        if found:
            return found
        for src in upstream.get(app.article_id, []):
            if src in by_article and src not in seen:
                return origin_of(by_article[src], seen | {src})
        return SourceOrigin(name_key(app.outlet), app.outlet)

    for app in group.appearances:
        out[(app.article_id, app.seq)] = origin_of(app, frozenset({app.article_id}))
    return out


def independent_sources(origins: dict[tuple[str, int], SourceOrigin]) -> list[SourceOrigin]:
    distinct: dict[str, SourceOrigin] = {}
    for o in origins.values():
        distinct.setdefault(o.key, o)
    return list(distinct.values())
