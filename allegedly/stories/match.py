"""The same claim in different words across a story's articles.

Claims are compared by their content words (stemmed, stop words and attribution
words dropped, so "…, according to Sky News" does not matter): two claims are
one when the smaller word set lies mostly inside the larger. Grouping is greedy
and stays within one story, whose size is small, so pairwise work is fine.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from allegedly.records import ArticleRecord, Claim
from allegedly.stories.features import content_words
from allegedly.stories.names import outlet_of

SAME_CLAIM = 0.6  # overlap coefficient of content words
MIN_WORDS = 3


@dataclass(frozen=True, slots=True)
class Appearance:
    article_id: str
    seq: int  # index into ArticleRecord.claims
    outlet: str
    status: str
    text: str
    chain: tuple[tuple[str, str], ...]  # (name, kind), publisher first
    words: frozenset[str]


@dataclass(frozen=True, slots=True)
class ClaimGroup:
    group: int
    text: str  # the earliest appearance's wording
    appearances: tuple[Appearance, ...]


def overlap(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def _chain_words(claim: Claim) -> set[str]:
    return {w for hop in claim.chain for w in _name_words(hop.name)}


@lru_cache(maxsize=50_000)
def _name_words(name: str) -> frozenset[str]:
    # Source names repeat across claims and articles ("police", "the ministry"): read once each.
    return frozenset(content_words(name))


def appearances(record: ArticleRecord) -> list[Appearance]:
    out = []
    for i, c in enumerate(record.claims):
        ws = frozenset(content_words(c.text) - _chain_words(c))
        if len(ws) >= MIN_WORDS:
            chain = tuple((h.name, h.kind) for h in c.chain)
            out.append(Appearance(record.id, i, outlet_of(record), c.status, c.text, chain, ws))
    return out


def group_claims(records: list[ArticleRecord]) -> list[ClaimGroup]:
    """Claims of the records (in the given order: earliest first) grouped by meaning."""
    groups: list[list[Appearance]] = []
    index: dict[str, list[int]] = {}  # word → groups holding it, to avoid comparing everything
    own: dict[str, set[int]] = {}  # article id → its groups
    for record in records:
        for app in appearances(record):
            best, best_score = None, SAME_CLAIM
            mine = own.setdefault(app.article_id, set())  # groups this article is in already: never twice
            candidates = {g for w in app.words for g in index.get(w, [])} - mine if len(mine) < len(groups) else ()
            for g in sorted(candidates):
                score = overlap(app.words, groups[g][0].words)
                if score >= best_score:
                    best, best_score = g, score
            if best is None:
                best = len(groups)
                groups.append([])
                for w in app.words:
                    index.setdefault(w, []).append(best)
            groups[best].append(app)
            mine.add(best)
    return [ClaimGroup(i, g[0].text, tuple(g)) for i, g in enumerate(groups)]
