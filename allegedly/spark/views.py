"""Per story and per event cluster, on the executors: the rows the store's writers would hold.

A story's view (origin, copy graph, claims matched across its articles) needs only its own
members, so stories are analysed in parallel once every article knows its story; an event
cluster's corroboration needs only its stories' views. Both reuse the functions ingest
uses (stories.analysis.analyse, stories.corroboration.summarise).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Iterable

from allegedly.records import ArticleRecord
from allegedly.stories.analysis import StoryView, analyse
from allegedly.stories.corroboration import summarise

STORY_COLUMNS = ("id", "title", "origin_article", "origin_name", "origin_via", "origin_basis", "article_count",
                 "independent_count", "cluster_id", "cluster_score", "article_ids", "edges", "claims", "rests_on",
                 "reporters")
CLUSTER_COLUMNS = ("id", "title", "first_date", "last_date", "story_count", "article_count", "independent_count",
                   "sources", "story_ids", "underlying_count", "underlying_sources")


@dataclass(frozen=True, slots=True)
class Member:
    """One article of a story as the story stage receives it."""

    seq: int
    record_json: str
    size: int  # shingles (Features.size)
    links: str  # JSON [(other id, kind, score)]: verified links to earlier articles
    cluster_id: str
    score: float


@dataclass(frozen=True, slots=True)
class _Dated:
    published: str | None


def story_view(story_id: str, members: Iterable[Member]) -> tuple[StoryView, str, float, dict[str, str | None]]:
    """The story's view, its event cluster (that of its last-arrived article, as the store's
    ON CONFLICT update leaves it), the score its first article joined with, and its dates."""
    ms = sorted(members, key=lambda m: m.seq)
    records = [ArticleRecord.from_dict(json.loads(m.record_json)) for m in ms]
    links = [(r.id, other, kind, score) for r, m in zip(records, ms) for other, kind, score in json.loads(m.links)]
    sizes = {r.id: m.size for r, m in zip(records, ms)}
    arrival = {r.id: m.seq for r, m in zip(records, ms)}
    view = analyse(story_id, records, links, sizes, arrival)
    return view, ms[-1].cluster_id, ms[0].score, {r.id: r.published for r in records}


def story_row(view: StoryView, cluster_id: str, score: float) -> tuple:
    o = view.origin
    edges = [(e.source, e.target, e.kind, e.score) for e in view.edges]
    claims = [{"group": c.group, "text": c.text, "independent": [s.label for s in c.independent],
               "appearances": [(a.article_id, a.seq, a.outlet, a.status, a.text, s.key, s.label)
                               for a, s in c.appearances]} for c in view.claims]
    return (view.id, view.title, o.article_id, o.name, o.via, o.basis, len(view.article_ids), view.independent,
            cluster_id, score, json.dumps(list(view.article_ids)), json.dumps(edges, ensure_ascii=False),
            json.dumps(claims, ensure_ascii=False), view.rests_on, json.dumps(list(view.reporters)))


def cluster_row(cluster_id: str, stories: Iterable[tuple[StoryView, dict[str, str | None]]]) -> tuple:
    stories = list(stories)
    dated = {aid: _Dated(p) for _, dates in stories for aid, p in dates.items()}
    c = summarise(cluster_id, [v for v, _ in stories], dated)
    return (c.id, c.title, c.first_date, c.last_date, len(c.story_ids), len(c.article_ids), c.independent,
            json.dumps(list(c.sources), ensure_ascii=False), json.dumps(list(c.story_ids)), c.underlying,
            json.dumps(list(c.underlying_sources), ensure_ascii=False))
