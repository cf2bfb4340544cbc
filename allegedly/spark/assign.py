"""Candidate pairs verified, then stories and event clusters assigned in arrival order.

``verify`` runs on the executors for every candidate pair, twice when the answer depends
on the event clusters (a quotation of a quarter of a page, or a citation, links only when
both pages tell of one happening; copies and rewrites never depend on it). What is left
for the driver is the part of ingest that is greedy in arrival order: each article's event
cluster (``EventIndex.propose`` / ``add``, over precomputed bags: no text, no NLP) decides
the conditional links, and the links join stories. A story is a connected component of
the links and keeps the id of its first-arrived article, as ``StoryIndex._union`` does.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Iterator

from allegedly.stories.clusters import EventFeatures, EventIndex
from allegedly.stories.engine import cluster_root
from allegedly.stories.features import Features
from allegedly.stories.index import Link, verify

# (later, earlier, link when same_event, link when not); a link is (kind, score) or None
Edge = tuple[int, int, tuple[str, float] | None, tuple[str, float] | None]


def _pair(link: Link | None) -> tuple[str, float] | None:
    return (link.kind, link.score) if link else None


def verify_pair(a_seq: int, fa: Features, b_seq: int, fb: Features) -> Edge | None:
    yes, no = verify(fa, fb, True), verify(fa, fb, False)
    if yes is None and no is None:
        return None
    return a_seq, b_seq, _pair(yes), _pair(no)


@dataclass
class Placement:
    """One article's outcome, as the store's story and event-cluster writers would leave it."""

    seq: int
    article_id: str
    links: list[tuple[str, str, float]]  # (other id, kind, score), sorted by other id
    cluster_id: str = ""  # final event cluster (after later merges)
    score: float = 1.0  # cosine with the centroid it joined (1.0: opened it or followed its family)
    story_id: str = ""


@dataclass
class Assignment:
    placements: list[Placement] = field(default_factory=list)

    def story_ids(self) -> dict[str, str]:
        return {p.article_id: p.story_id for p in self.placements}


class _Stories:
    """Union-find over arrival numbers: the root is the first-arrived member (the story id)."""

    def __init__(self) -> None:
        self.parent: list[int] = []

    def add(self) -> int:
        self.parent.append(len(self.parent))
        return len(self.parent) - 1

    def find(self, x: int) -> int:
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            keep, drop = min(ra, rb), max(ra, rb)
            self.parent[drop] = keep


def assign(articles: Iterable[tuple[str, EventFeatures]], edges: Iterable[Edge]) -> Assignment:
    """``articles``: (id, event features) in arrival order (seq = position); ``edges`` from
    ``verify_pair``. Mirrors stories.engine.cluster_all / the store writers, one article at
    a time, with the pairs already verified."""
    by_later: dict[int, list[Edge]] = {}
    for e in edges:
        by_later.setdefault(e[0], []).append(e)
    index, stories = EventIndex(), _Stories()
    ids: list[str] = []
    absorbed: dict[str, str] = {}  # the index retires clusters past its window: merges are kept here
    out = Assignment()
    for seq, (aid, ef) in enumerate(articles):
        ids.append(aid)
        stories.add()
        proposed = index.propose(ef)
        found: list[tuple[str, int, str, float]] = []
        for _, b, yes, no in by_later.pop(seq, ()):
            same = proposed is not None and index.cluster_of(ids[b]) == proposed
            link = yes if same else no
            if link is not None:
                found.append((ids[b], b, link[0], link[1]))
        found.sort()  # the index verifies its candidates sorted by id
        for _, b, _, _ in found:
            stories.union(seq, b)
        links = [(other, kind, score) for other, _, kind, score in found]
        placed = index.add(ef, [other for other, _, _ in links], observed=True)
        absorbed.update((m, placed.cluster_id) for m in placed.merged)
        out.placements.append(Placement(seq, aid, links, placed.cluster_id, placed.score))
    for p in out.placements:
        p.cluster_id = cluster_root(absorbed, p.cluster_id)
        p.story_id = ids[stories.find(p.seq)]
    return out

