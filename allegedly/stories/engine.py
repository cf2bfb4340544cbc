"""Cluster records in memory and analyse each story (eval, tests, rebuild)."""
from __future__ import annotations

from allegedly.records import ArticleRecord
from allegedly.stories.analysis import StoryView, analyse
from allegedly.stories.features import features
from allegedly.stories.index import StoryIndex


def cluster_records(records: list[ArticleRecord]) -> list[StoryView]:
    index = StoryIndex()
    links: list[tuple[str, str, str, float]] = []
    for r in records:
        added = index.add(features(r))
        links.extend((r.id, link.other, link.kind, link.score) for link in added.links)
    by_id = {r.id: r for r in records}
    sizes = {aid: f.size for aid, f in index.features.items()}
    views = []
    for story_id, ids in index.stories().items():
        members = set(ids)
        story_links = [l for l in links if l[0] in members]
        views.append(analyse(story_id, [by_id[i] for i in ids], story_links, sizes, index.order))
    return views
