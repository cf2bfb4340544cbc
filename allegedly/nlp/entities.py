"""allegedly_entities: one list of typed mentions from NER, actors and places.

spaCy's small model gets names right more often than types ("Sky" → PERSON,
Palmyra → PERSON, "Assad Regime Secretly" → ORG), while the actor dictionary
and the gazetteer know types and ids but only for what they list. So a
grounded mention (actor or place) wins wherever it overlaps an NER span, and
NER fills the gaps with a lower confidence.

``doc.ents`` is left as the model made it: later components read both and a
rewritten ``doc.ents`` would hide what the model itself saw.
"""
from __future__ import annotations

import bisect
import dataclasses
import re
from typing import Callable, Iterable

from spacy.language import Language
from spacy.tokens import Doc

from allegedly.nlp.context import doc_text, warn
from allegedly.records import Entity
from allegedly.spans import itself, overlapping

# NER label → our type, and how far we trust the small model's label alone.
NER_TYPES = {"PERSON": "person", "ORG": "organisation", "GPE": "place", "LOC": "place",
             "FAC": "place", "NORP": "group"}
NER_CONFIDENCE = {"PERSON": 0.7, "ORG": 0.6, "GPE": 0.7, "LOC": 0.6, "FAC": 0.5, "NORP": 0.7}
# Headlines in capitals are where the model's labels are worst.
CAPS_LINE_PENALTY = 0.2

_POSSESSIVE = re.compile(r"(?:['’]s|s['’])$")
_EDGE_JUNK = " \t\n\"'“”‘’.,;:()[]-–—"


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Narrow [start, end) so the mention has no possessive, quotes or edge punctuation."""
    while start < end and text[start] in _EDGE_JUNK:
        start += 1
    if text.startswith("the ", start) and end - start > 4:  # "the Air Force": the article is not the name
        start += 4
    m = _POSSESSIVE.search(text, start, end)
    if m and m.end() == end and end - start > 2:
        end = m.start() + (1 if text[m.start()] == "s" else 0)
    while end > start and text[end - 1] in _EDGE_JUNK:
        if text[end - 1] == "." and _is_abbreviation(text[start:end]):
            break
        end -= 1
    return start, end


def _is_abbreviation(mention: str) -> bool:
    # "U.S." and "Jr." keep their final stop.
    last = mention.rsplit(" ", 1)[-1]
    return last.count(".") > 1 or last in {"Jr.", "Sr.", "Co.", "Inc.", "Ltd."}


def _in_caps_line(text: str, start: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line = text[line_start : line_end if line_end != -1 else len(text)]
    return not any(c.islower() for c in line)


# Words that make an organisation's name a news outlet's ("The Register", "AppleInsider",
# "Sunday Times"); outlets the actor dictionary knows are typed there already.
_OUTLET_WORDS = frozenset("""news times post journal herald tribune gazette insider daily radio tv
television magazine telegraph chronicle wire observer register dispatch courier bulletin""".split())
_OUTLET_SUFFIXES = ("insider", "news", "times", "wire")


def outlet_like(name: str) -> bool:
    words = [w.lower().strip(".,") for w in name.split()]
    return bool(words) and (any(w in _OUTLET_WORDS for w in words)
                            or any(w.endswith(_OUTLET_SUFFIXES) and w not in _OUTLET_SUFFIXES for w in words))


def ner_entities(doc: Doc) -> list[Entity]:
    out = []
    text = doc_text(doc)
    for ent in doc.ents:
        kind = NER_TYPES.get(ent.label_)
        if kind is None:
            continue
        start, end = trim(text, ent.start_char, ent.end_char)
        mention = text[start:end]
        if not any(c.isalpha() for c in mention) or mention.islower():
            continue
        confidence = NER_CONFIDENCE[ent.label_]
        if kind == "organisation" and outlet_like(mention):
            kind, confidence = "media", confidence - 0.1
        if _in_caps_line(text, start):
            confidence -= CAPS_LINE_PENALTY
        out.append(Entity(text=mention, type=kind, span=(start, end), label=ent.label_,
                          source="ner", confidence=round(confidence, 2)))
    return out


def _retrim(text: str, entity: Entity) -> Entity:
    start, end = trim(text, *entity.span)
    if (start, end) == tuple(entity.span) or start >= end:
        return entity
    return dataclasses.replace(entity, text=text[start:end], span=(start, end))


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def merge(text: str, grounded: Iterable[Entity], ner: Iterable[Entity]) -> list[Entity]:
    """Grounded mentions first (longest, then most confident), NER in the gaps; in text order."""
    ner = list(ner)
    ranked = sorted((_retrim(text, e) for e in grounded),
                    key=lambda e: (-(e.span[1] - e.span[0]), -e.confidence, e.source != "actors"))
    taken: list[Entity] = []
    occupied = _Intervals()  # the spans taken so far: an overlap test in O(log n), not O(n)
    by_start = sorted(ner, key=lambda n: n.span)
    ner_starts = [n.span[0] for n in by_start]
    for ent in ranked:
        if occupied.overlaps(ent.span):
            continue
        if ent.label is None:
            label = next((n.label for n in _overlapping(by_start, ner_starts, ent.span)), None)
            ent = dataclasses.replace(ent, label=label) if label else ent
        taken.append(ent)
        occupied.add(ent.span)
    for ent in ner:
        if not occupied.overlaps(ent.span):
            taken.append(ent)
            occupied.add(ent.span)
    return sorted(taken, key=lambda e: e.span)


class _Intervals:
    """Non-overlapping [start, end) intervals kept sorted."""

    def __init__(self):
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlaps(self, span: tuple[int, int]) -> bool:
        i = bisect.bisect_left(self.starts, span[1])  # intervals starting before span's end
        return i > 0 and self.ends[i - 1] > span[0]

    def add(self, span: tuple[int, int]) -> None:
        i = bisect.bisect_left(self.starts, span[0])
        self.starts.insert(i, span[0])
        self.ends.insert(i, span[1])


def _overlapping(by_start: list[Entity], starts: list[int], span: tuple[int, int]):
    # NER spans do not overlap one another, so only those starting in or just before span can.
    i = max(0, bisect.bisect_left(starts, span[0]) - 1)
    for n in by_start[i:bisect.bisect_left(starts, span[1])]:
        if _overlaps(n.span, span):
            yield n


def _surname(entity: Entity) -> str | None:
    words = entity.text.split()
    return words[-1] if entity.type == "person" and len(words) >= 2 and words[-1][:1].isupper() else None


_DEFINED_ACRONYM = re.compile(r"\s*\(([A-Z][A-Z&]{1,6})\)")


def link_acronyms(text: str, entities: list[Entity]) -> list[Entity]:
    """"Singapore Airlines (SIA)" defines SIA: its mentions, found or not, are that entity.

    Only acronyms defined in the article itself count, so "SIA" means one thing here
    even if it means another elsewhere.
    """
    defined: dict[str, Entity] = {}
    for ent in entities:
        m = _DEFINED_ACRONYM.match(text, ent.span[1])
        if m and ent.type not in ("place", "person") and m.group(1) not in defined:
            defined[m.group(1)] = ent
    if not defined:
        return entities
    out = [e for e in entities if e.text not in defined]
    spans = [e.span for e in out]  # looked up by bisection (overlapping), not scanned
    added = _Intervals()  # the acronym spans added below, which never overlap one another
    for acronym, full in defined.items():
        for m in re.finditer(rf"\b{re.escape(acronym)}\b", text):
            span = (m.start(), m.end())
            if not added.overlaps(span) and not overlapping(spans, span[0], span[1], itself):
                out.append(dataclasses.replace(full, text=acronym, span=span, label=None,
                                               confidence=round(min(full.confidence, 0.8), 2)))
                added.add(span)
    return sorted(out, key=lambda e: e.span)


def link_surnames(entities: list[Entity]) -> list[Entity]:
    """A later bare surname is the person named in full before ("Steve Jobs" … "Jobs said").

    News style names a person once in full, then by surname; the small model often
    types the bare surname as ORG. A surname shared by two people stays unlinked.
    """
    people: dict[str, Entity | None] = {}
    out = []
    for ent in entities:
        key = ent.text if " " not in ent.text else None
        full = people.get(key) if key else None
        if full is not None and ent.source == "ner" and ent.type in ("person", "organisation"):
            ent = dataclasses.replace(ent, type="person", id=full.id, name=full.name or full.text,
                                      country=full.country, confidence=min(full.confidence, 0.8))
        surname = _surname(ent)
        if surname:
            known = people.get(surname, ent)
            people[surname] = ent if known is ent or known is None or _same(known, ent) else None
        out.append(ent)
    return out


def _same(a: Entity, b: Entity) -> bool:
    return (a.id or a.name or a.text) == (b.id or b.name or b.text)


def with_countries(entities: list[Entity], country_of: Callable[[str], str | None]) -> list[Entity]:
    """Nationality and group mentions ("Syrian", "Iraqis") get the country they name."""
    out = []
    for ent in entities:
        if ent.label == "NORP" and ent.country is None:
            country = country_of(ent.text)
            ent = dataclasses.replace(ent, country=country) if country else ent
        out.append(ent)
    return out


def as_people(entities: list[Entity], spans: Iterable[tuple[int, int]]) -> list[Entity]:
    """NER places that allegedly_places found to be a person's name ('Georgia said'
    after 'skater Georgia Smith') keep the person's type."""
    spans = [tuple(s) for s in spans]
    if not spans:
        return entities
    return [dataclasses.replace(e, type="person", id=None, lat=None, lon=None, feature=None, country=None)
            if e.type == "place" and e.source == "ner" and any(_overlaps(e.span, s) for s in spans) else e
            for e in entities]


def with_place_modifiers(entities: list[Entity], modifiers: Iterable[Entity]) -> list[Entity]:
    """A demonym ('Syrian') links to its country as a modifier; an organisation whose
    name holds a place ('Kentucky State Police') gets that place as its location.
    Neither becomes a place: events read places as where something happened."""
    out = list(entities)
    for mod in modifiers:
        hit = next((i for i, e in enumerate(out) if _overlaps(e.span, mod.span) and e.type != "place"), None)
        if mod.role == "organisation_location":
            if hit is not None and out[hit].location is None:
                out[hit] = dataclasses.replace(out[hit], location=mod.id)
            continue
        if hit is not None:
            e = out[hit]
            out[hit] = dataclasses.replace(e, role="modifier", id=e.id or mod.id, country=e.country or mod.country,
                                           lat=mod.lat, lon=mod.lon, feature=e.feature or mod.feature,
                                           name=e.name or mod.name, evidence=mod.evidence)
        elif not any(_overlaps(e.span, mod.span) for e in out):
            out.append(dataclasses.replace(mod, type="group"))
    return sorted(out, key=lambda e: e.span)


class EntityMerger:
    def __init__(self, cache_dir: str):
        self.cache_dir = cache_dir

    def country_of(self, text: str) -> str | None:
        from allegedly.nlp.places import gazetteer  # the index allegedly_places already loaded

        return gazetteer(self.cache_dir).country_of_mention(text)

    def __call__(self, doc: Doc) -> Doc:
        try:
            grounded = [*(doc._.actor_entities or []), *(doc._.place_entities or [])]
            merged = link_surnames(link_acronyms(doc_text(doc), merge(doc_text(doc), grounded, ner_entities(doc))))
            merged = as_people(merged, doc.user_data.get("allegedly_people_not_places") or [])
            merged = with_countries(merged, self.country_of)
            doc._.entities = with_place_modifiers(merged, doc._.place_modifiers or [])
        except Exception as exc:  # noqa: BLE001 - a strange doc must not stop the batch
            warn(doc, f"allegedly_entities failed: {type(exc).__name__}: {exc}")
            doc._.entities = []
        return doc


@Language.factory("allegedly_entities", default_config={"cache_dir": ""})
def make_entity_merger(nlp: Language, name: str, cache_dir: str) -> EntityMerger:
    return EntityMerger(cache_dir)
