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
    the index drops it as boilerplate. Counted per pair; QUOTED_PASSAGES or more is a
    candidate (``article_candidates``)."""
    ordered = sorted(set(seqs))[: PASSAGE_CAP + 1]
    for i, a in enumerate(ordered):
        for b in ordered[:i]:
            yield a, b


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


# --- the whole walk in two groupings: by key, then by article ---

def all_keys(seq: int, f: Features) -> Iterator[tuple[tuple, object]]:
    """Every blocking key of one article, tagged by signal."""
    for key, v in band_keys(seq, f):
        yield ("band", key), v
    for key, v in passage_keys(seq, f):
        yield ("passage", key), v
    for key, v in name_keys(seq, f):
        yield ("name", key), v
    for key, v in outlet_keys(seq, f):
        yield ("outlet", key), v


def walk(tagged_key: tuple, values: Iterable) -> Iterator[tuple[int, tuple[str, object]]]:
    """One key's group → (later article, (what, payload)) for the per-article step."""
    kind, key = tagged_key
    if kind == "band":
        pairs = bucket_pairs(values)
    elif kind == "outlet":
        pairs = outlet_pairs(values)
    elif kind == "passage":
        for a, b in passage_pairs(values):
            yield a, ("quoted", b)
        return
    else:
        for a, probe in name_probes(key, values):
            yield a, ("name", probe)
        return
    for a, b in pairs:
        yield a, ("pair", b)


def article_candidates(seq: int, found: Iterable[tuple[str, object]]) -> list[int]:
    """The earlier articles one article is compared with, from what the key walks found."""
    out: set[int] = set()
    quoted: dict[int, int] = {}
    probes = []
    for what, payload in found:
        if what == "pair":
            out.add(payload)
        elif what == "quoted":
            quoted[payload] = quoted.get(payload, 0) + 1
        else:
            probes.append(payload)
    out.update(b for b, n in quoted.items() if n >= QUOTED_PASSAGES)
    out.update(b for _, b in rarest_pairs(seq, probes))
    out.discard(seq)
    return sorted(out)


def candidates_in_memory(feats: list[Features]) -> set[Pair]:
    """All candidate pairs of ``feats`` (in arrival order) without Spark: the same functions,
    grouped with dicts. For tests and for runs too small to spread."""
    groups: dict[tuple, list] = {}
    for seq, f in enumerate(feats):
        for key, value in all_keys(seq, f):
            groups.setdefault(key, []).append(value)
    found: dict[int, list] = {}
    for key, values in groups.items():
        for a, item in walk(key, values):
            found.setdefault(a, []).append(item)
    return {(a, b) for a, items in found.items() for b in article_candidates(a, items)}
