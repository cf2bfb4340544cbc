"""What a Doc knows about its article, and the Doc extensions we fill."""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from spacy.tokens import Doc

from allegedly.records import Dateline


@dataclass
class ArticleContext:
    """Article-level facts the components read (set before the pipeline runs)."""

    title: str = ""
    outlet: str | None = None
    publisher: str | None = None
    published: str | None = None  # ISO date
    dateline: Dateline = field(default_factory=Dateline)
    # Countries (ISO2) the article is about, for place disambiguation; filled by
    # allegedly_places from the unambiguous mentions before it resolves the rest.
    countries: list[str] = field(default_factory=list)
    # The outlet's home (ISO2, GeoNames admin1), learnt from its other articles
    # (``allegedly.nlp.place_home``): favours namesakes there when the article names no state.
    home_region: tuple[str, str] | None = None


_EXTENSIONS = {
    "context": None,  # ArticleContext
    "entities": None,  # list[Entity]: NER + actors + places, merged by allegedly_entities
    "actor_entities": None,  # list[Entity]: actor-dictionary matches (allegedly_actors)
    "place_entities": None,  # list[Entity]: gazetteer-grounded places (allegedly_places)
    # list[Entity]: demonyms grounded to their country and places inside organisation
    # names (role 'modifier' / 'organisation_location'): kept apart from place_entities,
    # which are where things are or happen
    "place_modifiers": None,
    "claims": None,  # list[Claim]
    "quotes": None,  # list[Quote]
    "events": None,  # list[Event]
    "warnings": None,  # list[str]: a component that failed on this doc says so here
}


def register_extensions() -> None:
    for name, default in _EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


def context_of(doc: Doc) -> ArticleContext:
    if doc._.context is None:
        doc._.context = ArticleContext()
    return doc._.context


_TEXT = "allegedly_text"
_LINE_STARTS = "allegedly_line_starts"


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once: spaCy joins every token anew on each access, so code that
    reads it per claim or per trigger grows with the square of the article's length."""
    text = doc.user_data.get(_TEXT)
    if text is None or len(text) != _length(doc):
        text = doc.user_data[_TEXT] = doc.text
    return text


def known_text(doc: Doc, text: str) -> None:
    """Give ``doc_text`` the string the doc was made from (a tokenizer's doc text is exactly
    its input), so no component has to join its tokens to get it."""
    doc.user_data[_TEXT] = text


def _length(doc: Doc) -> int:
    return doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0


def line_bounds(doc: Doc, at: int) -> tuple[int, int]:
    """``[start, end)`` of the line holding character ``at`` (end at its newline), in O(log n)."""
    text = doc_text(doc)
    starts = doc.user_data.get(_LINE_STARTS)
    if starts is None or starts[-1] > len(text):
        starts = doc.user_data[_LINE_STARTS] = [0, *(m.end() for m in re.finditer("\n", text))]
    i = bisect_right(starts, at) - 1
    return starts[i], (starts[i + 1] - 1 if i + 1 < len(starts) else len(text))


_ENTS = "allegedly_ents"


def doc_ents(doc: Doc) -> tuple:
    """``doc.ents``, built once. Only for components after NER (the entities no longer change):
    spaCy makes every entity Span anew on each access, and ``Span.ents`` goes through it too."""
    cached = doc.user_data.get(_ENTS)
    if cached is None:
        ents = tuple(doc.ents)
        cached = doc.user_data[_ENTS] = (ents, [e.start for e in ents])
    return cached[0]


def ents_in(doc: Doc, start: int, end: int) -> list:
    """The model's entities wholly inside tokens ``[start, end)`` (what ``doc[start:end].ents`` gives)."""
    ents = doc_ents(doc)
    starts = doc.user_data[_ENTS][1]
    out = []
    for e in ents[bisect_left(starts, start):]:
        if e.end > end:
            break
        out.append(e)
    return out


def last_ent_before(doc: Doc, i: int, label: str):
    """The model's last ``label`` entity ending at or before token ``i``, or None."""
    ents = doc_ents(doc)
    for k in range(bisect_left(doc.user_data[_ENTS][1], i) - 1, -1, -1):
        if ents[k].label_ == label and ents[k].end <= i:
            return ents[k]
    return None


def ent_at(doc: Doc, i: int):
    """The model's entity holding token ``i``, or None."""
    ents = doc_ents(doc)
    k = bisect_right(doc.user_data[_ENTS][1], i) - 1
    return ents[k] if k >= 0 and ents[k].start <= i < ents[k].end else None


_TYPED = "allegedly_entity_index"


def entities_overlapping(doc: Doc, lo: int, hi: int) -> list:
    """``doc._.entities`` overlapping characters ``[lo, hi)``, in their order, found by bisection."""
    entities = doc._.entities or []
    key = (id(entities), len(entities))
    cached = doc.user_data.get(_TYPED)
    if cached is None or cached[0] != key:
        order = sorted(range(len(entities)), key=lambda k: entities[k].span[0])
        widest = max((e.span[1] - e.span[0] for e in entities), default=0)
        cached = doc.user_data[_TYPED] = (key, order, [entities[k].span[0] for k in order], widest)
    _, order, starts, widest = cached
    found = []
    for k in order[bisect_left(starts, lo - widest):bisect_left(starts, hi)]:
        e = entities[k]
        if e.span[0] < hi and lo < e.span[1]:
            found.append(k)
    return [entities[k] for k in sorted(found)]


def warn(doc: Doc, message: str) -> None:
    if doc._.warnings is None:
        doc._.warnings = []
    doc._.warnings.append(message)


register_extensions()
