"""An event cluster's corroboration: its report families, their origins, the distinct sources.

Each family (story) counts once, whatever its page count; families whose origins are the
same outlet (an agency's bulletin and its write-through, split by little shared text) count
once too (and sister titles of one newsroom, names.NEWSROOMS). A family whose origin is a
description of unnamed outlets ("media in the United States reported") relays another family's
report by its own words: it adds no source when the cluster has a named one. The sources list
names each distinct origin, with the outlet relaying it when the origin lies outside the store
("IS defectors (via Sky News)").

Beside it, ``underlying``: the distinct sources once families resting on one organisation's
statement (statements.py: six outlets rewriting Facebook's press statement) count as that
organisation, once. It never exceeds ``independent``.
"""
from __future__ import annotations

from dataclasses import dataclass

from allegedly.records import ArticleRecord
from allegedly.stories.analysis import StoryView
from allegedly.stories.names import name_key, origin_key, unnamed_media


@dataclass(frozen=True, slots=True)
class EventClusterView:
    id: str
    title: str
    story_ids: tuple[str, ...]  # largest family first
    article_ids: tuple[str, ...]
    first_date: str | None
    last_date: str | None
    independent: int  # families with distinct origins
    sources: tuple[str, ...]  # one label per distinct origin
    underlying: int = 0  # distinct underlying sources: a statement-giver behind several families once
    underlying_sources: tuple[str, ...] = ()  # one label per distinct underlying source


def origin_label(v: StoryView) -> str:
    return v.origin.name + (f" (via {v.origin.via})" if v.origin.via else "")


def underlying(families: list[tuple]) -> list[str]:
    """One label per underlying source of families given as (origin name, via, story id, rests_on,
    reporters): families meet when their origins are one newsroom, when they rest on one
    organisation's statement, or when their bylines share a reporter (a blog copy of her long-read
    and her paper's report); so the count never exceeds the distinct origins'."""
    parent: dict[str, str] = {}

    def find(k: str) -> str:
        while parent.setdefault(k, k) != k:
            k = parent[k]
        return k

    for name, _, sid, giver, *rest in families:
        if giver:
            parent[find(origin_key(name, sid))] = find(f"statement:{name_key(giver)}")
        for reporter in (rest[0] if rest else ()) or ():
            parent[find(origin_key(name, sid))] = find(f"reporter:{reporter}")
    groups: dict[str, list] = {}
    for fam in families:
        groups.setdefault(find(origin_key(fam[0], fam[2])), []).append(fam)
    out = []
    for members in groups.values():
        giver = next((m[3] for m in members if m[3]), None)
        if giver:
            out.append(f"{giver} (statement, via {', '.join(dict.fromkeys(m[0] or '?' for m in members))})")
        else:
            name, via = members[0][0] or "?", members[0][1]
            out.append(name + (f" (via {via})" if via else ""))
    return out


def summarise(cluster_id: str, views: list[StoryView], records: dict[str, ArticleRecord]) -> EventClusterView:
    views = sorted(views, key=lambda v: (-len(v.article_ids), v.id))
    sources: dict[str, str] = {}
    named = [v for v in views if not unnamed_media(v.origin.name)]
    for v in named or views[:1]:
        sources.setdefault(origin_key(v.origin.name, v.id), origin_label(v))
    behind = underlying([(v.origin.name, v.origin.via, v.id, v.rests_on, v.reporters) for v in named or views[:1]])
    dates = sorted(d for v in views for a in v.article_ids if a in records if (d := (records[a].published or "")[:10]))
    return EventClusterView(
        id=cluster_id,
        title=next((v.title for v in views if v.title), ""),
        story_ids=tuple(v.id for v in views),
        article_ids=tuple(a for v in views for a in v.article_ids),
        first_date=dates[0] if dates else None,
        last_date=dates[-1] if dates else None,
        independent=len(sources),
        sources=tuple(sources.values()),
        underlying=len(behind),
        underlying_sources=tuple(behind),
    )


def corroborate(views: list[StoryView], cluster_of: dict[str, str], records: dict[str, ArticleRecord]) -> list[EventClusterView]:
    """``cluster_of``: story id → event cluster id."""
    groups: dict[str, list[StoryView]] = {}
    for v in views:
        groups.setdefault(cluster_of[v.id], []).append(v)
    out = [summarise(cid, vs, records) for cid, vs in groups.items()]
    return sorted(out, key=lambda c: (-len(c.article_ids), c.id))
