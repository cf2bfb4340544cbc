"""Candidate pairs for the story index, found by blocking key instead of one article at a time.

``StoryIndex.candidates`` asks, for each new article, which earlier articles share an LSH
band, several sampled passages, one of its rarest names, or an outlet it credits. Each of
these depends only on the articles holding the same key that arrived before, so the same
sets come out of grouping by key and walking each group in arrival order: the groups are
independent, which is what lets Spark spread them over the cluster. Every function here is
pure (``seq`` = arrival number, ids never compared) and mirrors one signal of
``stories/index.py``, with its constants; ``tests/test_spark_clusters.py`` checks that the
union equals the index's own candidates on the same articles.

Pairs are ``(later, earlier)`` arrival numbers.
"""
from __future__ import annotations

from collections import deque
from typing import Iterable, Iterator

from allegedly.stories.features import NUM_PERM, Features
from allegedly.stories.index import BAG_LSH, NAME_PROBES, PASSAGE_CAP, QUOTED_PASSAGES, RARE_NAME, RECENT, TEXT_LSH
from allegedly.stories.lsh import BandIndex

Pair = tuple[int, int]
_TEXT, _BAG = BandIndex(TEXT_LSH, NUM_PERM), BandIndex(BAG_LSH, NUM_PERM)


# --- keys an article files itself under (the "explode" side) ---

def band_keys(seq: int, f: Features) -> Iterator[tuple[tuple, int]]:
    for table, index, sig in (("t", _TEXT, f.text_sig), ("b", _BAG, f.bag_sig)):
        for i, h in enumerate(index.bands(sig)):
            yield (table, i, h), seq


def passage_keys(seq: int, f: Features) -> Iterator[tuple[int, int]]:
    for h in f.passages.tolist():
        yield h, seq


def name_keys(seq: int, f: Features) -> Iterator[tuple[str, int]]:
    for k in f.entities:
        yield k, seq


def outlet_keys(seq: int, f: Features) -> Iterator[tuple[str, tuple[int, str]]]:
    """"O": the page's own outlet; "C": the outlet it credits."""
    if f.outlet:
        yield f.outlet, (seq, "O")
    if f.credit:
        yield f.credit, (seq, "C")


# --- one group, walked in arrival order (the "groupBy" side) ---

def bucket_pairs(seqs: Iterable[int]) -> Iterator[Pair]:
    """An LSH bucket: every article is a candidate of every later one."""
    ordered = sorted(set(seqs))
    for i, a in enumerate(ordered):
        for b in ordered[:i]:
            yield a, b


def passage_pairs(seqs: Iterable[int]) -> Iterator[Pair]:
    """A sampled shingle: seen by the first PASSAGE_CAP + 1 articles holding it, after which
    the index drops it as boilerplate. Count these per pair; QUOTED_PASSAGES or more is a
    candidate (``quoted_candidates``)."""
    ordered = sorted(set(seqs))[: PASSAGE_CAP + 1]
    for i, a in enumerate(ordered):
        for b in ordered[:i]:
            yield a, b


def quoted_candidates(counts: Iterable[tuple[Pair, int]]) -> Iterator[Pair]:
    return (pair for pair, n in counts if n >= QUOTED_PASSAGES)


def name_probes(key: str, seqs: Iterable[int]) -> Iterator[tuple[int, tuple[int, str, tuple[int, ...]]]]:
    """A name: the article arriving p-th (p = 1..RARE_NAME) sees the p before it; past that
    the index stops tracking it. Yields (article, (p, name, earlier articles))."""
    ordered = sorted(set(seqs))
    for p in range(1, min(len(ordered), RARE_NAME + 1)):
        yield ordered[p], (p, key, tuple(ordered[:p]))


def rarest_pairs(seq: int, probes: Iterable[tuple[int, str, tuple[int, ...]]]) -> Iterator[Pair]:
    """The article's NAME_PROBES rarest names (fewest holders so far, then by name)."""
    for _, _, earlier in sorted(probes, key=lambda t: (t[0], t[1]))[:NAME_PROBES]:
        for b in earlier:
            yield seq, b


def outlet_pairs(roles: Iterable[tuple[int, str]]) -> Iterator[Pair]:
    """One outlet key: a page crediting it meets the recent pages of that outlet and the
    recent pages crediting it; a page of that outlet meets the recent pages crediting it."""
    by: dict[int, set[str]] = {}
    for seq, role in roles:
        by.setdefault(seq, set()).add(role)
    own: deque[int] = deque(maxlen=RECENT)
    crediting: deque[int] = deque(maxlen=RECENT)
    for seq in sorted(by):
        role = by[seq]
        found = set()
        if "C" in role:
            found.update(own)
            found.update(crediting)
        if "O" in role:
            found.update(crediting)
        for b in sorted(found):
            yield seq, b
        if "O" in role:
            own.append(seq)
        if "C" in role:
            crediting.append(seq)


def candidates_in_memory(feats: list[Features]) -> set[Pair]:
    """All candidate pairs of ``feats`` (in arrival order) without Spark: the same key
    functions grouped with dicts. For tests and for runs too small to spread."""
    groups: dict[str, dict] = {"band": {}, "passage": {}, "name": {}, "outlet": {}}
    for seq, f in enumerate(feats):
        for fn, name in ((band_keys, "band"), (passage_keys, "passage"), (name_keys, "name"),
                         (outlet_keys, "outlet")):
            for key, value in fn(seq, f):
                groups[name].setdefault(key, []).append(value)
    pairs: set[Pair] = set()
    for seqs in groups["band"].values():
        pairs.update(bucket_pairs(seqs))
    counts: dict[Pair, int] = {}
    for seqs in groups["passage"].values():
        for pair in passage_pairs(seqs):
            counts[pair] = counts.get(pair, 0) + 1
    pairs.update(quoted_candidates(counts.items()))
    probes: dict[int, list] = {}
    for key, seqs in groups["name"].items():
        for seq, probe in name_probes(key, seqs):
            probes.setdefault(seq, []).append(probe)
    for seq, ps in probes.items():
        pairs.update(rarest_pairs(seq, ps))
    for roles in groups["outlet"].values():
        pairs.update(outlet_pairs(roles))
    return {(a, b) for a, b in pairs if a != b}
