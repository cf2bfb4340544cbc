"""Event clusters: report families grouped by the real-world happening they cover.

A story (report family) is one report and what was derived from it; an event
cluster holds every family about one happening, so its corroboration is the
number of families with distinct origins. Families are tied by text reuse and
citation; happenings are tied by what the pages are about:

* a weighted bag per article: the content words of the title and lede (counted
  twice), of the body, and the names it mentions (people, organisations,
  places, figures), each weighted by its rarity (idf over the articles seen);
* an article joins the cluster whose centroid is closest by cosine, when that
  clears ``JOIN``. The centroid, not the nearest member, so that one page
  recounting an older happening (a 2022 quake story recalling 2017) does not
  chain two happenings together;
* a time window: a cluster whose dated articles all lie more than ``WINDOW``
  days from a new article's date is not a candidate. Two earthquakes in one
  region a month apart are two events however alike the words; and clusters
  past the window are dropped from the candidate lists, which keeps the index
  small on a long stream;
* what the lede says, read by a small static sentence embedding (stories/embedding.py):
  the join score is ``(1 - EMBED_SHARE)`` of the bag's cosine plus ``EMBED_SHARE`` of the
  cosine between the article's title-and-lede embedding and its cluster's mean one. The bag
  matches stems and names; the embedding matches paraphrase ("quake" ~ "temblor"), which
  gathers a day's breaking bulletins with the next day's write-throughs. It never decides
  alone: names, dates and the window below still part two happenings of one kind;
* who and when: the people and the day-month dates a lede names. An article does not
  join a cluster (nor two clusters merge) when each side lacks one of the other's: most
  of a cluster's members name "Hasim Rahman" in their lede, the article never names him
  and its lede names "Tony Thompson", whom the cluster never names. Undated pages (ECB+'s
  older documents carry no date) are parted by what they say, not when they were stamped;
* family first: an article linked to others of its report family (copy, rewrite,
  quotation, citation) goes to their cluster, and a link that ties two clusters merges
  them; a citation link is only made within the cluster the article's content proposes.

Candidates come from an inverted index over each article's strongest keys, so
the cost per article is a few dozen dictionary look-ups and at most
``PROBES`` cosine products, independent of the store's size.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from itertools import repeat
from operator import mul

import numpy as np

from allegedly.stories import embedding
from allegedly.stories.features import STOP, content_words, normalise, sentences, stem, words

JOIN = 0.26  # join score (bag cosine mixed with the lede embedding) from which an article joins a cluster
MERGE = 0.6  # cosine of two centroids from which their clusters merge
WINDOW = 21  # days: how far a new article's date may lie from a cluster's dated articles
KEYS, PROBES = 12, 8  # keys per article used for candidates; clusters compared per article
POSTING_CAP = 400  # a key in more clusters than this stops proposing candidates
TOP_TERMS = 60  # terms kept per article vector
CENTROID_TERMS = 150  # terms kept per cluster centroid
NAME_WEIGHT, LEDE_WEIGHT = 2.0, 2.0
NAME_SHARE = 0.5  # weight of the names' cosine against the words'
_NON_EVENT_TYPES = {"date", "time", "number", "money", "percent", "ordinal", "cardinal", "media"}
CORE = "^"  # bag keys marking a person or date named in the lede: not weighed, checked for conflicts
_MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()
_MONTH = r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"  # capitalised: not "may"
_DAY_MONTH = re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})\b(?!\s*(?:[:.]\d|%|per|million|billion))|\b(\d{{1,2}})\s+{_MONTH}\b")
DATED = "%"  # bag keys of the day-month dates the text names ("%09-19"): not weighed, checked for conflicts
FIGURE = "#"  # bag keys of the decimal figures the text names ("#7.1"): not weighed, checked for conflicts
# A decimal figure (a quake's magnitude, a turnout): "7.1", "8,1". Not a time ("1.15 pm"), a date
# ("19.09.2017") or part of a longer number. Integers are left out: tolls and counts grow as a story does.
_DECIMAL_PLAIN = r"(?<![\d.,:/])(\d{1,2})[.,](\d)(?![\d]|[.,:/]\d|\s*(?:[ap]\.?m\b|h\b))"
# the same, beginning with a digit so re skips ahead (see features._SENTENCE; tests/test_stories_features.py)
_DECIMAL = re.compile(r"(\d(?<![\d.,:/]\d)\d?)[.,](\d)(?![\d]|[.,:/]\d|\s*(?:[ap]\.?m\b|h\b))")
CORE_TYPES = {"person"}  # places and organisations recur across two happenings of one kind; people less
CORE_SHARE = 0.5  # a lede person named by this share of a cluster's members is one of its defining names
EMBED_SHARE = 0.15  # weight of the lede embedding's cosine in the join score (chosen on ECB+ odd topics)


@dataclass(frozen=True, slots=True)
class EventFeatures:
    """What the event index keeps per article: a bag of keys with counts, and its day."""

    article_id: str
    bag: dict[str, float]  # key → count; names as "@name", terms stemmed
    day: int | None = None  # proleptic ordinal of the publication date
    prior: dict[str, float] = field(default_factory=dict)  # key → share of articles expected to hold it
    embedding: bytes | None = None  # title-and-lede embedding, float16 (stories/embedding.py)


ARTICLE_WORDS = 400  # a news article's length in words, to turn a word's frequency into a share of articles
PRIOR_ARTICLES = 300  # how many articles' worth of evidence the prior weighs, before the store's own counts


def word_prior(word: str) -> float:
    """Share of news articles expected to contain ``word`` (wordfreq's English frequencies):
    a store that has seen ten articles cannot yet tell "rehab" from "court" by itself."""
    from wordfreq import word_frequency

    return min(1.0, ARTICLE_WORDS * word_frequency(word, "en"))


@lru_cache(maxsize=200_000)
def _bag_word(word: str) -> tuple[str, float] | None:
    """A word's key in the event bag and its prior, or None when it does not count (one cached
    call a word: the loop over an article's words is most of ``event_features``)."""
    if word not in STOP and len(word) > 2 and not word.isdigit():
        return stem(word), word_prior(word)
    return None


def day_of(published: str | None) -> int | None:
    if not published or len(published) < 10:
        return None
    try:
        return date.fromisoformat(published[:10]).toordinal()
    except ValueError:
        return None


def _names(record) -> set[str]:
    out = set()
    for e in getattr(record, "entities", []) or []:
        if e.type in _NON_EVENT_TYPES:
            continue
        name = normalise(e.name or e.text)
        if len(name) > 2:
            out.add("@" + name)
    return out


def _core_names(record, lede_end: int) -> set[str]:
    """People named in the lede: who the happening is about."""
    out = set()
    for e in getattr(record, "entities", []) or []:
        if e.type not in CORE_TYPES or not e.span or e.span[0] >= lede_end:
            continue
        name = normalise(e.name or e.text)
        if len(name) > 2:
            out.add(CORE + "@" + name)
    return out


def text_dates(text: str) -> set[str]:
    """Day-month dates a text names ("Sept. 19", "19 September") as "%09-19"."""
    out = set()
    for m in _DAY_MONTH.finditer(text):
        month, day = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        if 1 <= int(day) <= 31:
            out.add(f"{DATED}{_MONTHS.index(month[:3].lower()) + 1:02d}-{int(day):02d}")
    return out


def text_figures(text: str) -> set[str]:
    """Decimal figures a text names ("magnitude 7.1", "7,1 grados") as "#7.1"."""
    return {f"{FIGURE}{int(a)}.{b}" for a, b in _DECIMAL.findall(text)}


def event_features(record) -> EventFeatures:
    """Title and lede words count twice: they say what happened; bodies wander into background."""
    text = record.text or ""
    lede_sents = sentences(text)[:3]
    lede = " ".join(lede_sents)
    lede_end = text.find(lede_sents[-1]) + len(lede_sents[-1]) if lede_sents else 0
    bag: Counter[str] = Counter()
    prior: dict[str, float] = {}
    for part, counted in ((text, True), (record.title or "", False)):
        # each distinct word once, in order of first use (the dicts' order), with its count
        for w, n in Counter(words(part)).items():
            kp = _bag_word(w)
            if kp is not None:
                k = kp[0]
                prior[k] = max(prior.get(k, 0.0), kp[1])
                bag[k] += counted * n
    for w in content_words(f"{record.title or ''} {lede}"):
        bag[w] += LEDE_WEIGHT
    for n in _names(record):
        bag[n] += NAME_WEIGHT
    for n in _core_names(record, lede_end):
        bag[n] = 1
    for d in text_dates(text):
        bag[d] = 1
    for d in text_dates(f"{record.title or ''} {lede}"):
        bag[CORE + d] = 1
    for d in text_figures(text):
        bag[d] = 1
    for d in text_figures(f"{record.title or ''} {lede}"):
        bag[CORE + d] = 1
    return EventFeatures(record.id, {k: v for k, v in bag.items() if v}, day_of(record.published),
                         {k: p for k, p in prior.items() if p > 0},
                         embedding.embed(f"{record.title or ''}. {lede}".strip(". ")))


def core_of(f: EventFeatures) -> set[str]:
    return {k for k in f.bag if k[0] == CORE}


def weighed(key: str) -> bool:
    return key[0] != CORE and key[0] != DATED and key[0] != FIGURE


@dataclass
class Cluster:
    id: str
    centroid: dict[str, float] = field(default_factory=dict)  # sum of member unit vectors
    size: int = 0
    first: int | None = None
    last: int | None = None
    core: Counter = field(default_factory=Counter)  # lede name → members naming it there
    emb: np.ndarray | None = None  # sum of its members' lede embeddings (float32)
    _norms: tuple[float, float] | None = None  # (words, names), cached between additions

    def add_vector(self, vec: dict[str, float], day: int | None, core: set[str] = frozenset(),
                   emb: bytes | None = None) -> None:
        self.core.update(core)
        if emb is not None:
            e = embedding.vector(emb)
            self.emb = e if self.emb is None else self.emb + e
        if len(self.core) > 4 * CENTROID_TERMS:
            self.core = Counter(dict(self.core.most_common(CENTROID_TERMS)))
        for k, v in vec.items():
            self.centroid[k] = self.centroid.get(k, 0.0) + v
        if len(self.centroid) > 2 * CENTROID_TERMS:
            self.centroid = dict(sorted(self.centroid.items(), key=lambda kv: -kv[1])[:CENTROID_TERMS])
        self.size += 1
        self._norms = None
        if day is not None:
            self.first = day if self.first is None else min(self.first, day)
            self.last = day if self.last is None else max(self.last, day)

    def absorb(self, other: "Cluster") -> None:
        self.core.update(other.core)
        if other.emb is not None:
            self.emb = other.emb.copy() if self.emb is None else self.emb + other.emb
        for k, v in other.centroid.items():
            self.centroid[k] = self.centroid.get(k, 0.0) + v
        self.size += other.size
        self._norms = None
        for d in (other.first, other.last):
            if d is not None:
                self.first = d if self.first is None else min(self.first, d)
                self.last = d if self.last is None else max(self.last, d)

    def norms(self) -> tuple[float, float]:
        if self._norms is None:
            w = n = 0.0
            for k, v in self.centroid.items():
                if k[0] == "@":
                    n += v * v
                else:
                    w += v * v
            self._norms = (math.sqrt(w), math.sqrt(n))
        return self._norms

    def defining(self) -> list[str]:
        """The lede people most of its members name: who the happening is about."""
        need = max(1.0, CORE_SHARE * self.size)
        return [k for k, n in self.core.items() if n >= need]

    def in_window(self, day: int | None, window: int) -> bool:
        if day is None or self.first is None:
            return True
        return self.first - window <= day <= self.last + window


@dataclass(frozen=True, slots=True)
class Split:
    """An article vector cut into its words and its names, with their norms."""

    words: dict[str, float]
    names: dict[str, float]
    norms: tuple[float, float]


def split(vec: dict[str, float]) -> Split:
    words_, names = {}, {}
    for k, v in vec.items():
        (names if k[0] == "@" else words_)[k] = v
    return Split(words_, names, (math.sqrt(sum(v * v for v in words_.values())),
                                 math.sqrt(sum(v * v for v in names.values()))))


_ZEROS = repeat(0.0)


def cosine(s: Split, c: Cluster, name_share: float = 0.5) -> float:
    """Words and names compared apart, then mixed: two happenings of one kind (two stars
    entering rehab) share their words but not their names."""
    cw, cn = c.norms()
    cen = c.centroid
    # the products summed in the words' order, as a generator would, with no Python frame per term
    w = (sum(map(mul, s.words.values(), map(cen.get, s.words, _ZEROS))) / (cw * s.norms[0])
         if cw and s.norms[0] else None)
    n = (sum(map(mul, s.names.values(), map(cen.get, s.names, _ZEROS))) / (cn * s.norms[1])
         if cn and s.norms[1] else None)
    if n is None:
        return w or 0.0
    if w is None:
        return n
    return (1 - name_share) * w + name_share * n


@lru_cache(maxsize=100_000)
def name_stems(key: str) -> frozenset[str]:
    """The stems of a name's telling words ("@hasim rahman" → {"hasim", "rahman"})."""
    return frozenset(stem(w) for w in words(key.lstrip(CORE + "@")) if len(w) > 3 and w not in STOP)


def _mentions(key: str, keys) -> bool:
    """Does a bag or centroid (``keys``) mention the name ``key``, in full or by one of its words?"""
    name = key.lstrip(CORE)
    if name in keys or CORE + name in keys:
        return True
    return any(w in keys for w in name_stems(key))


CONFLICT_KINDS = (CORE + "@", CORE + DATED, CORE + FIGURE)  # people, dates, decimal figures


def conflict(core: set[str], bag, c: Cluster) -> bool:
    """Two happenings of one kind (two fights of one champion against two challengers, two
    heists on a "Thursday, Dec. 4" and a "Monday, Sept. 9"): one of the cluster's defining
    lede people (or dates) is absent from the whole article, and one of the article's own lede
    people (dates) is absent from the cluster. Either alone is ordinary variation in coverage;
    places and organisations are left out, they recur across such happenings (measured: with
    them, ECB+ recall fell from 0.77 to 0.57)."""
    defining = c.defining()
    lede_figures = {k for k in core if k.startswith(CORE + FIGURE)}
    for kind in CONFLICT_KINDS:
        own, absent = core, (lambda k: not _mentions(k, bag))
        if kind == CORE + FIGURE and lede_figures:
            # the lede's own figures say what the article is about; a later paragraph may recall
            # an earlier quake's magnitude ("the anniversary of the 7.1 quake") in passing
            absent = (lambda k: k not in core)
        elif kind == CORE + FIGURE:
            own = {CORE + k for k in bag if k[0] == FIGURE}
        if any(k.startswith(kind) and absent(k) for k in defining) and any(
                k.startswith(kind) and _foreign(k, c, defining) for k in own):
            return True
    return False


def _foreign(key: str, c: Cluster, defining: list[str]) -> bool:
    """Is the article's lede key foreign to the cluster? A person or date: the cluster never
    names it. A figure: it is not one of the cluster's defining figures, for ledes recall the
    figures of earlier happenings ("the 8.1 quake two weeks ago") in passing."""
    if key.startswith(CORE + FIGURE):
        return key not in defining
    return not _mentions(key, c.centroid) and not _mentions(key, c.core)


def clusters_conflict(a: Cluster, b: Cluster) -> bool:
    """The same test between two clusters: each lacks one of the other's defining people (dates)."""
    def lacks(x: Cluster, y: Cluster, kind: str) -> bool:
        return any(k.startswith(kind) and _foreign(k, y, y.defining()) for k in x.defining())
    return any(lacks(a, b, kind) and lacks(b, a, kind) for kind in CONFLICT_KINDS)


@dataclass(frozen=True, slots=True)
class Placed:
    cluster_id: str
    score: float  # cosine with the centroid it joined (1.0 when it opened the cluster or followed its family)
    merged: list[str]  # cluster ids absorbed into cluster_id


@dataclass
class EventIndex:
    """Articles → event clusters, one article at a time (see the module docstring)."""

    join: float = JOIN
    merge: float = MERGE
    name_share: float = NAME_SHARE
    window: int = WINDOW
    embed_share: float = EMBED_SHARE
    df: Counter = field(default_factory=Counter)
    seen: int = 0
    clusters: dict[str, Cluster] = field(default_factory=dict)
    parent: dict[str, str] = field(default_factory=dict)  # cluster id → absorbing cluster id
    article_cluster: dict[str, str] = field(default_factory=dict)
    _counted: set[str] = field(default_factory=set)  # proposed, so already in the frequencies
    _last: tuple[str, dict] | None = None  # the last article's vector: propose, then add
    postings: dict[str, list[str] | None] = field(default_factory=dict)
    latest: int | None = None  # newest day seen: clusters older than the window are retired

    def observe(self, f: EventFeatures) -> None:
        """Count an article's keys in the document frequencies (done by ``add``; call it ahead
        for a batch so the first articles are weighted against all of them)."""
        self.df.update(k for k in f.bag if weighed(k))
        self.seen += 1

    def idf(self, key: str, prior: float = 0.0) -> float:
        """Rarity from the store's own counts, smoothed by the word's prior share of articles."""
        n, df = self.seen + PRIOR_ARTICLES, self.df.get(key, 0) + PRIOR_ARTICLES * prior
        return math.log((n + 1) / (df + 1)) + 1.0

    def vector(self, f: EventFeatures) -> dict[str, float]:
        if self._last is not None and self._last[0] == f.article_id:  # proposed, then added
            return self._last[1]
        vec = self._vector(f)
        self._last = (f.article_id, vec)
        return vec

    def _vector(self, f: EventFeatures) -> dict[str, float]:
        weighted = {k: (1 + math.log(c)) * self.idf(k, f.prior.get(k, 0.0)) for k, c in f.bag.items() if weighed(k)}
        top = sorted(weighted.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_TERMS]
        norm = math.sqrt(sum(v * v for _, v in top)) or 1.0
        return {k: v / norm for k, v in top}

    def find(self, cluster_id: str) -> str:
        while self.parent.get(cluster_id, cluster_id) != cluster_id:
            cluster_id = self.parent[cluster_id]
        return cluster_id

    def cluster_of(self, article_id: str) -> str | None:
        c = self.article_cluster.get(article_id)
        return self.find(c) if c else None

    def candidates(self, vec: dict[str, float], day: int | None,
                   f: EventFeatures | None = None) -> list[tuple[float, str]]:
        """Clusters near ``vec`` in the window, best first; with the article ``f``, none whose
        defining people conflict with its own."""
        hits: Counter[str] = Counter()
        for k in sorted(vec, key=lambda k: -vec[k])[:KEYS]:
            for cid in self.postings.get(k) or ():
                hits[self.find(cid)] += vec[k]
        scored = []
        parts = split(vec)
        emb = embedding.vector(f.embedding) if f is not None and f.embedding and self.embed_share else None
        for cid, _ in hits.most_common(PROBES):
            c = self.clusters.get(cid)
            if c is not None and c.in_window(day, self.window) and not (f and conflict(core_of(f), f.bag, c)):
                score = cosine(parts, c, self.name_share)
                if emb is not None and c.emb is not None:
                    score = (1 - self.embed_share) * score + self.embed_share * embedding.cosine(emb, c.emb)
                scored.append((score, cid))
        return sorted(scored, key=lambda t: (-t[0], t[1]))

    def _post(self, vec: dict[str, float], cid: str) -> None:
        for k in sorted(vec, key=lambda k: -vec[k])[:KEYS]:
            ids = self.postings.setdefault(k, [])
            if ids is not None and cid not in ids:
                ids.append(cid)
                if len(ids) > POSTING_CAP:
                    self.postings[k] = None

    def propose(self, f: EventFeatures) -> str | None:
        """The cluster the article would join on its content alone (counts it in the document
        frequencies first); nothing is committed. The story index asks it before a citation
        link: a page crediting X joins X's family only when both tell of one happening."""
        if f.article_id not in self._counted:
            self.observe(f)
            self._counted.add(f.article_id)
        best = self.candidates(self.vector(f), f.day, f)
        return best[0][1] if best and best[0][0] >= self.join else None

    def add(self, f: EventFeatures, linked: list[str] = (), observed: bool = False) -> Placed:
        """Place one article. ``linked``: articles of its report family (copies, rewrites,
        quotes, citations): their cluster wins, and clusters it ties together merge."""
        if f.article_id in self.article_cluster:
            return Placed(self.cluster_of(f.article_id), 1.0, [])
        if not observed and f.article_id not in self._counted:
            self.observe(f)
        self._counted.discard(f.article_id)
        vec = self.vector(f)
        family = [c for c in dict.fromkeys(self.cluster_of(a) for a in linked) if c in self.clusters]
        merged: list[str] = []
        if family:
            cid, score = family[0], 1.0
            for other in family[1:]:
                cid = self._union(cid, other, merged)
        else:
            best = self.candidates(vec, f.day, f)
            if best and best[0][0] >= self.join:
                score, cid = best[0]
            else:
                cid, score = f.article_id, 1.0
                self.clusters[cid] = Cluster(cid)
                self.parent[cid] = cid
        self.clusters[cid].add_vector(vec, f.day, core_of(f), f.embedding)
        self.article_cluster[f.article_id] = cid
        self._post(vec, cid)
        merged += self._consolidate(cid, f.day)
        cid = self.find(cid)
        self._retire(f.day)
        return Placed(cid, round(score, 3), merged)

    def _union(self, a: str, b: str, merged: list[str]) -> str:
        a, b = self.find(a), self.find(b)
        if a == b:
            return a
        keep, drop = sorted((a, b), key=lambda i: (-self.clusters[i].size, i))
        self.clusters[keep].absorb(self.clusters.pop(drop))
        self.parent[drop] = keep
        merged.append(drop)
        return keep

    def _consolidate(self, cid: str, day: int | None) -> list[str]:
        """Merge clusters that the grown centroid now matches: which of two early articles
        opened a cluster depends on arrival order and on idf weights still settling."""
        c = self.clusters[cid]
        if c.size < 2 or c.size & (c.size - 1):  # at sizes 2, 4, 8 …: amortised, a centroid moves slowly
            return []
        norm = math.sqrt(sum(v * v for v in c.centroid.values())) or 1.0
        unit = {k: v / norm for k, v in c.centroid.items()}
        merged = []
        for score, other in self.candidates(unit, day):
            other = self.find(other)
            o = self.clusters.get(other)
            if (other == cid or o is None or score < self.merge or not o.in_window(c.first, self.window)
                    or clusters_conflict(c, o)):
                continue
            cid = self._union(cid, other, merged)
            c = self.clusters[cid]
        return merged

    def _retire(self, day: int | None) -> None:
        """Forget clusters whose last dated article lies beyond the window of the newest day:
        they can take no new article, so their centroids and postings only cost memory."""
        if day is None or (self.latest is not None and day <= self.latest):
            return
        step = self.latest is None or day - self.latest >= 1
        self.latest = day
        if not step:
            return
        old = [cid for cid, c in self.clusters.items() if c.last is not None and c.last < day - 2 * self.window]
        for cid in old:
            del self.clusters[cid]
        if old:
            gone = set(old)
            for k, ids in list(self.postings.items()):
                if ids:
                    kept = [i for i in ids if self.find(i) not in gone]
                    if kept:
                        self.postings[k] = kept
                    else:
                        del self.postings[k]
            # their articles and absorbed ids too (after the postings, which ask find()):
            # memory stays bounded by the window
            for aid in [a for a, c in self.article_cluster.items() if self.find(c) in gone]:
                del self.article_cluster[aid]
            for cid in [c for c in self.parent if self.find(c) in gone]:
                del self.parent[cid]
