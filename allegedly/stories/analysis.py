"""One story's view: origin, copy graph, claims with appearances and independent sources."""
from __future__ import annotations

from dataclasses import dataclass

from allegedly.records import ArticleRecord
from allegedly.stories.independence import SourceOrigin, derivation_links, independent_sources, resolve
from allegedly.stories.match import Appearance, group_claims
from allegedly.stories.origin import Edge, Origin, copy_graph, find_origin
from allegedly.stories.statements import reporters, rests_on


@dataclass(frozen=True, slots=True)
class ClaimView:
    group: int
    text: str
    appearances: tuple[tuple[Appearance, SourceOrigin], ...]
    independent: tuple[SourceOrigin, ...]


@dataclass(frozen=True, slots=True)
class StoryView:
    id: str
    title: str
    article_ids: tuple[str, ...]
    origin: Origin
    edges: tuple[Edge, ...]
    claims: tuple[ClaimView, ...]
    independent: int  # independent origins of its best-sourced claim (1 at least)
    rests_on: str | None = None  # the organisation whose statement its claims come from (statements.py)
    reporters: tuple[str, ...] = ()  # name keys of the reporters its pages' bylines name


def analyse(story_id: str, records: list[ArticleRecord], links, sizes: dict[str, int], arrival: dict[str, int]) -> StoryView:
    """``links``: verified (a, b, kind, score) pairs among the records."""
    by_id = {r.id: r for r in records}
    edges = copy_graph(by_id, links, sizes, arrival)
    origin = find_origin(by_id, edges, sizes, arrival)
    ordered = sorted(records, key=lambda r: (r.id != origin.article_id, r.published or "9999", arrival.get(r.id, 0)))
    claims, most = [], 1
    derived = derivation_links(edges)
    for group in group_claims(ordered):
        origins = resolve(group, derived, origin.article_id)
        indep = independent_sources(origins)
        most = max(most, len(indep))
        apps = tuple((a, origins[(a.article_id, a.seq)]) for a in group.appearances)
        claims.append(ClaimView(group.group, group.text, apps, tuple(indep)))
    return StoryView(
        id=story_id,
        title=by_id[origin.article_id].title,
        article_ids=tuple(r.id for r in ordered),
        origin=origin,
        edges=tuple(edges),
        claims=tuple(claims),
        independent=most,
        rests_on=rests_on(records),
        reporters=tuple(reporters(records)),
    )
