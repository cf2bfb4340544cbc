"""Incremental story clustering: LSH candidates, a verification step, union-find.

``StoryIndex.add(features)`` costs one LSH query per signal plus a few
signature comparisons, so clustering n articles is near-linear in n. Two
signals propose candidates:

* text: MinHash over sentence-internal 5-word shingles (copies, syndication);
* bag: MinHash over content words (rewrites: reordered, paraphrased,
  attribution added), which only links when the named entities agree too,
  because the corpus holds many different stories on one topic (Apple, Boeing)
  that share vocabulary but not the specific people, places and numbers;
* rare names: a short rewrite keeps a third of its source, so its word-bag
  Jaccard with the source falls under any LSH threshold that stays cheap at
  scale (0.25 took over 5× as long at 100k articles). The articles that share its rarest
  names (each named by at most ``RARE_NAME`` articles so far) are proposed too;
  a name past that count stops being tracked, which bounds time and memory;
* shared passages: a sample of each page's 8-word shingles (features.passage_hashes); a
  page quoting four paragraphs of another shares several samples with it, however long
  the rest of it is;
* citation: a page crediting outlet X (stories/credits.py) is compared with the recent
  pages of X and the pages crediting X, and joins them when it tells of the same names
  within ``CITE_DAYS``, even in other words.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from collections import Counter, deque
from datetime import date

import numpy as np

from allegedly.stories.features import NUM_PERM, Features, jaccard
from allegedly.stories.lsh import BandIndex

TEXT_LSH, BAG_LSH = 0.4, 0.45
COPY_JACCARD = 0.5  # shingle Jaccard from which two texts are copies of each other
CONTAINED = 0.8  # or when the smaller one lies this much inside the larger
REWRITE_BAG = 0.5  # content-word Jaccard for a rewrite …
REWRITE_CONTAINED = 0.75  # or a shortened rewrite: its content words lie inside the other's
REWRITE_ENTITIES = 0.3  # … when the named entities overlap at least this much
RARE_NAME, NAME_PROBES = 12, 4  # candidates from the articles sharing the rarest names
REWRITE_FIGURES = 0.5  # share of the figures of the one with fewer that the other gives too
QUOTED_PASSAGES = 6  # sampled 8-word shingles two pages share when one quotes the other at length
QUOTED_SHARE = 0.25  # … making this share of the shorter page: two stories may share background sentences
QUOTED_SHARE_ALONE, QUOTED_BAG_ALONE = 0.5, 0.2  # … or this share whatever the event clusters say
PASSAGE_CAP = 24  # a shingle found on more pages than this is boilerplate, not a quotation
CITE_ENTITIES, CITE_BAG, CITE_DAYS = 0.2, 0.12, 3  # a crediting page tells of the same names and things, within days
CITE_ENTITIES_ALONE, CITE_BAG_ALONE = 0.5, 0.25  # the same without event clusters to ask
RECENT = 64  # pages remembered per outlet for citation candidates


@dataclass(frozen=True, slots=True)
class Link:
    """A verified relation between a new article and one already indexed."""

    other: str
    kind: str  # copy | rewrite
    score: float


@dataclass(frozen=True, slots=True)
class Added:
    story_id: str
    links: list[Link]
    merged: list[str]  # story ids absorbed into story_id


def containment(j: float, small: int, large: int) -> float:
    """Share of the smaller shingle set inside the larger, from their Jaccard."""
    if small <= 0:
        return 0.0
    return min(1.0, j * (small + large) / ((1 + j) * small))


def entity_overlap(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b)) ** 0.5 / max(len(a), len(b)) ** 0.5


def verify(a: Features, b: Features, same_event: bool | None = None) -> Link | None:
    """Decide whether two candidates tell the same story, and how."""
    j = jaccard(a.text_sig, b.text_sig)
    c = containment(j, min(a.size, b.size), max(a.size, b.size))
    if j >= COPY_JACCARD or (c >= CONTAINED and j >= 0.2):
        return Link(b.article_id, "copy", round(max(j, c), 3))
    bag = jaccard(a.bag_sig, b.bag_sig)
    bag_in = containment(bag, min(a.bag_size, b.bag_size), max(a.bag_size, b.bag_size))
    shared = bag >= REWRITE_BAG or (bag_in >= REWRITE_CONTAINED and bag >= 0.3)
    if shared and entity_overlap(a.entities, b.entities) >= REWRITE_ENTITIES and figures_agree(a, b):
        return Link(b.article_id, "rewrite", round(bag, 3))
    quoted = shared_passages(a, b)
    if quoted >= QUOTED_PASSAGES and quotes_at_length(quoted, a, b, bag, same_event):
        return Link(b.article_id, "quotes", float(quoted))
    if credits_other(a, b) and within_days(a, b) and cite_related(a, b, bag, same_event):
        return Link(b.article_id, "cites", round(bag, 3))
    return None


def quotes_at_length(quoted: int, a: Features, b: Features, bag: float, same_event: bool | None) -> bool:
    """Several passages shared verbatim making most of the shorter page: a quotation, whatever
    the rest of the longer one. A smaller share only when both pages tell of one happening:
    two stories may recycle the same background paragraph. Without event clusters to ask
    (a bare story index), the pages must share some other words too."""
    share = quoted / max(1, min(len(a.passages), len(b.passages)))
    if same_event is None:
        return share >= QUOTED_SHARE_ALONE and bag >= QUOTED_BAG_ALONE
    return share >= QUOTED_SHARE_ALONE or (same_event and share >= QUOTED_SHARE)


def cite_related(a: Features, b: Features, bag: float, same_event: bool | None) -> bool:
    """Is a page crediting X about the same happening as X's page? The event clusters know
    (``same_event``); without them, only close names and words will do: pages crediting the
    Post tell of many of its scoops, with the same people in them."""
    ents = entity_overlap(a.entities, b.entities)
    if same_event is None:
        return ents >= CITE_ENTITIES_ALONE and bag >= CITE_BAG_ALONE
    return same_event and (ents >= CITE_ENTITIES or bag >= CITE_BAG)


def shared_passages(a: Features, b: Features) -> int:
    if not len(a.passages) or not len(b.passages):
        return 0
    return int(np.intersect1d(a.passages, b.passages, assume_unique=True).size)


def credits_other(a: Features, b: Features) -> bool:
    """Does one credit the other's outlet, or do both credit the same one?"""
    return bool((a.credit and a.credit in (b.outlet, b.credit)) or (b.credit and b.credit == a.outlet))


def _day(published: str | None) -> int | None:
    try:
        return date.fromisoformat(published[:10]).toordinal() if published else None
    except ValueError:
        return None


def within_days(a: Features, b: Features) -> bool:
    da, db = _day(a.published), _day(b.published)
    return da is None or db is None or abs(da - db) <= CITE_DAYS


def figures_agree(a: Features, b: Features) -> bool:
    """A rewrite keeps its source's numbers; the next day's story on the same topic gives new
    ones ("fell 3.76% to 4,656.60"). Judged only when both give three figures or more."""
    fa = {k for k in a.entities if k.startswith("#")}
    fb = {k for k in b.entities if k.startswith("#")}
    small, large = sorted((fa, fb), key=len)
    return len(small) < 3 or len(small & large) / len(small) >= REWRITE_FIGURES


RETAIN = 42  # days: an article dated this much before the newest date seen may leave the index (2 × the event window)
KEEP_RECENT = 50_000  # … once this many articles arrived after it; undated ones leave then too
FUTURE = 2  # days past today from which a date is not trusted to move the window


@dataclass
class StoryIndex:
    """Articles → stories, growing one article at a time, over a time window.

    Memory is bounded by the window, not the corpus: the last ``KEEP_RECENT`` arrivals are
    always held (a folder ingested out of date order clusters as before); an older arrival
    stays while its date lies within ``RETAIN`` days of the newest date seen, and is then
    retired — its signatures, LSH buckets, passages, names and story membership leave
    memory. Undated (or future-dated) articles leave with the recent ones. So memory holds
    at most KEEP_RECENT + RETAIN days of articles. A retired article can no longer be linked
    to; its story keeps its id while any member is live. The state is a function of the
    arrivals alone, so a saved state plus the later arrivals gives the same index.
    """

    text_lsh: BandIndex = field(default_factory=lambda: BandIndex(TEXT_LSH, NUM_PERM))
    bag_lsh: BandIndex = field(default_factory=lambda: BandIndex(BAG_LSH, NUM_PERM))
    ids: dict[int, str] = field(default_factory=dict)  # arrival number → article id (live ones)
    passages: dict[int, int | list[int] | None] = field(default_factory=dict)  # sampled shingle → arrival numbers
    by_outlet: dict[str, deque] = field(default_factory=dict)  # outlet key → its recent pages
    by_credit: dict[str, deque] = field(default_factory=dict)  # credited outlet key → recent pages crediting it
    features: dict[str, Features] = field(default_factory=dict)
    story: dict[str, str] = field(default_factory=dict)  # live article → its story id
    members: dict[str, list[str]] = field(default_factory=dict)  # story id → live articles
    started: dict[str, int] = field(default_factory=dict)  # story id → arrival number of its first article
    order: dict[str, int] = field(default_factory=dict)  # arrival number of each live article
    names: dict[str, list[str] | None] = field(default_factory=dict)  # name → articles; None: too common
    arrivals: int = 0
    newest: int | None = None  # newest trusted day seen
    recent: deque = field(default_factory=deque)  # the last keep_recent arrival numbers
    by_day: dict[int, list[int]] = field(default_factory=dict)  # day → older live arrival numbers
    retain: int = field(default_factory=lambda: RETAIN)  # read when made, so a run (or test) may set them
    keep_recent: int = field(default_factory=lambda: KEEP_RECENT)
    today: int = field(default_factory=lambda: date.today().toordinal())

    def __len__(self) -> int:
        return self.arrivals

    def __contains__(self, article_id: str) -> bool:
        return article_id in self.features

    def story_of(self, article_id: str) -> str:
        return self.story[article_id]

    def candidates(self, f: Features, bands: tuple[list[int], list[int]] | None = None) -> set[str]:
        """``bands``: the text and bag LSH bands of ``f`` when known (``add`` reuses them to insert)."""
        tb, bb = bands or (None, None)
        found = {self.ids[i] for i in self.text_lsh.query(f.text_sig, tb) | self.bag_lsh.query(f.bag_sig, bb)}
        quoted: Counter[int] = Counter()
        for h in f.passages.tolist():
            held = self.passages.get(h)
            if held is None:
                continue
            if isinstance(held, int):
                quoted[held] += 1
            else:
                quoted.update(held)
        found.update(self.ids[a] for a, n in quoted.items() if n >= QUOTED_PASSAGES)
        for key, table in ((f.credit, self.by_outlet), (f.credit, self.by_credit), (f.outlet, self.by_credit)):
            if key:
                found.update(a for a in table.get(key, ()) if a in self.features)
        rare = sorted((k for k in f.entities if self.names.get(k)), key=lambda k: (len(self.names[k]), k))
        for k in rare[:NAME_PROBES]:
            found.update(self.names[k])
        found.discard(f.article_id)
        return found

    def _track_sources(self, f: Features, number: int) -> None:
        for h in f.passages.tolist():
            if h not in self.passages:
                self.passages[h] = number
                continue
            held = self.passages[h]
            if held is None:
                continue
            if isinstance(held, int):
                self.passages[h] = [held, number]
            elif len(held) >= PASSAGE_CAP:
                self.passages[h] = None  # boilerplate, not a quotation
            else:
                held.append(number)
        for key, table in ((f.outlet, self.by_outlet), (f.credit, self.by_credit)):
            if key:
                table.setdefault(key, deque(maxlen=RECENT)).append(f.article_id)

    def _track_names(self, f: Features) -> None:
        for k in f.entities:
            ids = self.names.setdefault(k, [])
            if ids is not None:
                ids.append(f.article_id)
                if len(ids) > RARE_NAME:
                    self.names[k] = None

    def links(self, f: Features, same_event=None, bands=None) -> list[Link]:
        """``same_event(other_id) -> bool``: does the other article lie in the event cluster the
        new one's content proposes (see EventIndex.propose)?"""
        out = [verify(f, self.features[c], same_event(c) if same_event else None)
               for c in sorted(self.candidates(f, bands))]
        return [link for link in out if link is not None]

    def add(self, f: Features, links: list[Link] | None = None, same_event=None) -> Added:
        """Index one article; ``links`` may be passed when already known (rebuild)."""
        if f.article_id in self.features:
            return Added(self.story_of(f.article_id), [], [])
        bands = self.text_lsh.bands(f.text_sig), self.bag_lsh.bands(f.bag_sig)
        links = self.links(f, same_event, bands) if links is None else links
        number = self.arrivals
        self.arrivals += 1
        self.features[f.article_id] = f
        self.story[f.article_id] = f.article_id
        self.started[f.article_id] = number
        self.order[f.article_id] = number
        self.members[f.article_id] = [f.article_id]
        self.ids[number] = f.article_id
        self.text_lsh.insert(number, f.text_sig, bands[0])
        self.bag_lsh.insert(number, f.bag_sig, bands[1])
        self._track_names(f)
        self._track_sources(f, number)
        roots = {self.story_of(link.other) for link in links if link.other in self.features}
        story, merged = f.article_id, []
        for root in sorted(roots, key=self.started.__getitem__):
            story, absorbed = self._union(story, root)
            merged.append(absorbed)
        self._age(f, number)
        return Added(story, links, [m for m in merged if m != f.article_id])

    def _union(self, a: str, b: str) -> tuple[str, str]:
        """Join two stories; the one that started first keeps its id."""
        ra, rb = self.story[a] if a in self.story else a, self.story[b] if b in self.story else b
        keep, drop = (ra, rb) if self.started[ra] <= self.started[rb] else (rb, ra)
        moved = self.members.pop(drop)
        for m in moved:
            self.story[m] = keep
        self.members[keep].extend(moved)
        del self.started[drop]
        return keep, drop

    def stories(self) -> dict[str, list[str]]:
        """Stories with their live articles."""
        return {root: list(ids) for root, ids in self.members.items()}

    # -- the time window -------------------------------------------------------------------

    def _trusted_day(self, f: Features) -> int | None:
        day = _day(f.published)
        return day if day is not None and day <= self.today + FUTURE else None

    def _age(self, f: Features, number: int) -> None:
        """Move the window: the new article joins the recent ones, the oldest recent one is
        kept by its date or retired, and days past the window are retired."""
        day = self._trusted_day(f)
        if day is not None and (self.newest is None or day > self.newest):
            self.newest = day
            for old in [d for d in self.by_day if d < day - self.retain]:
                for n in self.by_day.pop(old):
                    self._retire(n)
        self.recent.append(number)
        while len(self.recent) > self.keep_recent:
            n = self.recent.popleft()
            d = self._trusted_day(self.features[self.ids[n]])
            if d is not None and d >= self.newest - self.retain:
                self.by_day.setdefault(d, []).append(n)
            else:
                self._retire(n)

    def _retire(self, number: int) -> None:
        aid = self.ids.pop(number)
        f = self.features.pop(aid)
        self.text_lsh.remove(number, f.text_sig)
        self.bag_lsh.remove(number, f.bag_sig)
        for h in f.passages.tolist():
            held = self.passages.get(h)
            if held == number:
                del self.passages[h]
            elif isinstance(held, list):
                held.remove(number)
                if not held:
                    del self.passages[h]
        for k in f.entities:
            ids = self.names.get(k)
            if ids:
                ids.remove(aid)
                if not ids:
                    del self.names[k]
        del self.order[aid]
        story = self.story.pop(aid)
        left = self.members[story]
        left.remove(aid)
        if not left:
            del self.members[story], self.started[story]
