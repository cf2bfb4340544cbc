"""Cluster records in memory: report families (stories), then event clusters (eval, tests, rebuild)."""
from __future__ import annotations

from dataclasses import dataclass

from allegedly.records import ArticleRecord
from allegedly.stories.analysis import StoryView, analyse
from allegedly.stories.clusters import EventIndex, event_features
from allegedly.stories.corroboration import EventClusterView, corroborate
from allegedly.stories.features import features
from allegedly.stories.index import StoryIndex


@dataclass(frozen=True, slots=True)
class Clustering:
    stories: list[StoryView]
    events: list[EventClusterView]


def cluster_records(records: list[ArticleRecord]) -> list[StoryView]:
    return cluster_all(records, events=False).stories


def cluster_all(records: list[ArticleRecord], events: bool = True, index: EventIndex | None = None,
                batch_idf: bool = True) -> Clustering:
    """Stories in arrival order; with ``events``, their event clusters too (document
    frequencies counted over the whole batch first, as a store that has seen them would)."""
    stories = StoryIndex()
    links: list[tuple[str, str, str, float]] = []
    story_of: dict[str, str] = {}
    for r in records:
        added = stories.add(features(r))
        links.extend((r.id, link.other, link.kind, link.score) for link in added.links)
    by_id = {r.id: r for r in records}
    sizes = {aid: f.size for aid, f in stories.features.items()}
    views = []
    for story_id, ids in stories.stories().items():
        members = set(ids)
        story_links = [l for l in links if l[0] in members]
        views.append(analyse(story_id, [by_id[i] for i in ids], story_links, sizes, stories.order))
        story_of.update((i, story_id) for i in ids)
    if not events:
        return Clustering(views, [])
    index = index or EventIndex()
    feats = [event_features(r) for r in records]
    if batch_idf:
        for f in feats:
            index.observe(f)
    for f in feats:
        index.add(f, story_of[f.article_id], observed=batch_idf)
    return Clustering(views, corroborate(views, {v.id: index.find(index.story_cluster[v.id]) for v in views}, by_id))
