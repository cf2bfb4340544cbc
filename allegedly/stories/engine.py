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
                batch_idf: bool = False, story_index: StoryIndex | None = None) -> Clustering:
    """Report families and event clusters, one article at a time in the given order, as
    ingest does: the article's content proposes an event cluster, the story index links it to
    its family (citations only inside the proposed cluster), then the family's cluster wins.
    ``batch_idf`` counts document frequencies over the whole batch first. Pass ``index`` and
    ``story_index`` to carry both indexes from one batch to the next (their windows bound
    them); the views then cover this batch's stories, linked to earlier batches' articles."""
    stories = story_index if story_index is not None else StoryIndex()
    links: list[tuple[str, str, str, float]] = []
    index = index or EventIndex()
    feats = {r.id: event_features(r) for r in records} if events else {}
    if batch_idf:
        for f in feats.values():
            index.observe(f)
    # Every story and every article's event cluster, kept here: the indexes retire what
    # falls out of their time windows, the views need all of it.
    groups: dict[str, list[str]] = {}
    placed: dict[str, str] = {}
    sizes: dict[str, int] = {}
    absorbed: dict[str, str] = {}
    for r in records:
        same_event = None
        if events:
            proposed = index.propose(feats[r.id])
            same_event = lambda other, c=proposed: c is not None and index.cluster_of(other) == c  # noqa: E731
        f = features(r)
        added = stories.add(f, same_event=same_event)
        if r.id not in sizes:  # a repeated record changes nothing
            sizes[r.id] = f.size
            groups[r.id] = [r.id]
            for m in [r.id, *added.merged] if added.story_id != r.id else added.merged:
                groups.setdefault(added.story_id, []).extend(groups.pop(m, ()))  # earlier batches: not here
        links.extend((r.id, link.other, link.kind, link.score) for link in added.links)
        if events:
            p = index.add(feats[r.id], [link.other for link in added.links], observed=True)
            placed.setdefault(r.id, p.cluster_id)
            absorbed.update((m, p.cluster_id) for m in p.merged)
    by_id = {r.id: r for r in records}
    arrival: dict[str, int] = {}
    for r in records:
        arrival.setdefault(r.id, len(arrival))
    views = []
    cluster_of: dict[str, str] = {}
    for story_id, ids in groups.items():
        members = set(ids)
        story_links = [l for l in links if l[0] in members]
        views.append(analyse(story_id, [by_id[i] for i in ids], story_links, sizes, arrival))
        if events:
            cluster_of[story_id] = cluster_root(absorbed, placed[ids[0]])
    if not events:
        return Clustering(views, [])
    return Clustering(views, corroborate(views, cluster_of, by_id))


def cluster_root(absorbed: dict[str, str], cid: str) -> str:
    """The cluster ``cid`` ended in, following the merges seen (the index retires old clusters)."""
    while cid in absorbed:
        cid = absorbed[cid]
    return cid
