"""allegedly_places: ground place mentions to the shipped gazetteer.

Candidates are NER GPE/LOC/FAC spans plus proper-noun runs after a location
preposition ("in", "from", "around", "city of" …) that NER labelled PERSON,
ORG or nothing: the small model calls Palmyra a PERSON. Two passes: the
unambiguous mentions (countries, demonyms, capitals, the dateline place) give
the article's countries, written to ``doc._.context.countries``; then every
candidate is resolved against them, so 'Palmyra' in a Syrian story is Tadmur
and in a story about Pennsylvania the US town. Output: ``doc._.place_entities``.
"""
from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span

from allegedly.gazetteer import Gazetteer, Match, load_or_build
from allegedly.nlp.context import context_of, warn
from allegedly.records import Entity

log = logging.getLogger(__name__)

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
CONTEXT_LABELS = frozenset({"GPE", "NORP", "LOC"})
# Single-word prepositions, and nouns that make "<noun> of X" a place.
PREPOSITIONS = frozenset({"in", "from", "to", "near", "around", "outside", "across", "into", "towards"})
# After these a name NER called PERSON/ORG is still a place; 'to'/'from' are too
# often dative ('sold Opel to Magna', 'documents from Sky').
STRONG_PREPOSITIONS = frozenset({"in", "near", "around", "outside", "across", "into", "towards"})
PLACE_NOUNS = frozenset({"city", "town", "village", "province", "governorate", "region", "district",
                         "state", "county", "capital", "outskirts", "suburbs"})
ADMIN_WORDS = frozenset({"province", "governorate", "region", "state", "district", "county", "oblast"})
TITLES = frozenset({"dr", "mr", "mrs", "ms", "prof", "professor", "gen", "general", "col", "colonel",
                    "capt", "captain", "sgt", "lt", "president", "minister", "sheikh", "sir", "lord",
                    "lady", "king", "queen", "prince", "imam", "rev", "judge", "senator", "sen", "rep"})
DETERMINERS = frozenset({"the", "a", "an"})
SPLITTERS = PREPOSITIONS | {"and", "or", ",", "of", "at", "on"}
BROAD = frozenset({"A.PCLI", "L.CONT", "L.RGN"})
HINT_FEATURES = frozenset({"A.PCLI", "A.ADM1"})
# A town this small, outside the article's countries, is more likely a name
# NER took for a place ('Cisco', 'Heathrow' as a hamlet) than the place meant.
MIN_POPULATION_OUT_OF_CONTEXT = 10_000

_GAZ: dict[str, Gazetteer] = {}
_LOCK = threading.Lock()


def gazetteer(cache_dir: str) -> Gazetteer:
    """One gazetteer per process and cache dir, loaded on first use."""
    with _LOCK:
        gaz = _GAZ.get(cache_dir)
        if gaz is None:
            gaz = load_or_build(cache_dir or None)
            log.info("gazetteer %s in %.2fs", gaz.info.get("source"), gaz.info.get("seconds", 0))
            _GAZ[cache_dir] = gaz
        return gaz


@dataclass(frozen=True)
class Candidate:
    start: int  # token offsets into the doc
    end: int
    label: str | None  # NER label, None when only the preposition rule found it
    from_ner: bool


@Language.factory("allegedly_places", default_config={"cache_dir": ""})
def make(nlp: Language, name: str, cache_dir: str):
    return PlacesComponent(cache_dir, _lexicon(nlp))


def _lexicon(nlp: Language) -> frozenset[str]:
    """Lower-case adjectives, verbs and adverbs the model's lemmatizer knows:
    'Royal', 'Tank', 'Most' in a text are words before they are villages."""
    words: set[str] = set()
    try:
        table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
        for pos in ("adj", "verb", "adv"):
            key = get_string_id(pos)
            if key in table:
                words.update(w for w in table[key] if w.isalpha())
    except Exception:  # noqa: BLE001 - a model without these tables still works
        pass
    return frozenset(words)


class PlacesComponent:
    def __init__(self, cache_dir: str, common_words: frozenset[str]):
        self.cache_dir = cache_dir
        self.common_words = common_words

    def __call__(self, doc: Doc) -> Doc:
        try:
            doc._.place_entities = self.ground(doc, gazetteer(self.cache_dir))
        except Exception as exc:  # noqa: BLE001 - never sink the article
            log.exception("allegedly_places failed")
            warn(doc, f"allegedly_places: {type(exc).__name__}: {exc}")
            doc._.place_entities = []
        return doc

    def ground(self, doc: Doc, gaz: Gazetteer) -> list[Entity]:
        ctx = context_of(doc)
        candidates = find_candidates(doc)
        weights = article_countries(doc, gaz, candidates, self.common_words)
        ctx.countries = list(weights)
        hints, targets = self._hints(doc, gaz, candidates, weights)
        people = person_names(doc)
        out = []
        for cand in candidates:
            entity = self._entity(doc, gaz, cand, weights, hints.get(cand.start), cand.start in targets)
            if entity is not None and _named_person(doc, cand, people, entity):
                continue  # 'Henderson spoke', after 'Fritz Henderson' earlier
            if entity is not None:
                out.append(entity)
                continue
            for part in _parts(doc, cand):  # NER's 'Palmyra to Raqqa province'
                entity = self._entity(doc, gaz, part, weights, None)
                if entity is not None:
                    out.append(entity)
        return out

    def _hints(self, doc, gaz, candidates, weights) -> tuple[dict[int, tuple[str, str | None]], set[int]]:
        """'Palmyra, New York': a state or country right after a comma decides.

        Returns the hint (country, state code) per candidate start, and the
        starts of the candidates that serve as hints (read as state/country)."""
        by_start = {c.start: c for c in candidates}
        hints: dict[int, tuple[str, str | None]] = {}
        targets: set[int] = set()
        for cand in candidates:
            if cand.end + 1 < len(doc) and doc[cand.end].text == ",":
                nxt = by_start.get(cand.end + 1)
                if nxt is None:
                    continue
                m = gaz.resolve(doc[nxt.start:nxt.end].text, weights, common_words=self.common_words,
                                features=HINT_FEATURES)
                here = doc[cand.start:cand.end].text
                if m and m.place.country and any(
                    p.country == m.place.country for p, _ in gaz.candidates(here, self.common_words)
                ):  # 'Tokyo, Buenos Aires and Toronto' is a list, not a hint
                    targets.add(nxt.start)
                    adm1 = m.place.admin1 if m.place.feature == "A.ADM1" else None
                    hints[cand.start] = (m.place.country, adm1)
        return hints, targets

    def _entity(self, doc, gaz, cand: Candidate, weights, hint, is_hint: bool = False) -> Entity | None:
        span = doc[cand.start:cand.end]
        text = span.text
        match = self._match(gaz, span, cand, weights, hint, is_hint)
        if match is None:
            return None
        if text.isupper() and match.place.feature not in BROAD:
            return None  # headline shouting or an acronym ('AND', 'ISIS'), unless a country
        if _water_body(doc, cand) and not match.place.feature.startswith("H"):
            return None  # 'the Red Sea' is not Sudan's Red Sea state; the gazetteer has no seas
        if not _plausible(match, cand.from_ner, hint is not None):
            return None
        place = match.place
        if _before_admin_word(doc, cand.end) and place.feature.startswith("P."):
            place = gaz.admin_seat_of(place) or place
        return Entity(
            text=text,
            type="place",
            span=(span.start_char, span.end_char),
            label=cand.label,
            id=place.ref,
            name=place.name,
            lat=place.lat,
            lon=place.lon,
            country=place.country,
            feature=place.feature,
            source="gazetteer",
            confidence=_confidence(match, cand, bool(weights)),
        )

    def _match(self, gaz, span: Span, cand, weights, hint, is_hint: bool) -> Match | None:
        kwargs = dict(
            hint_country=hint[0] if hint else None,
            hint_admin1=hint[1] if hint else None,
            common_words=self.common_words,
            allow_common=cand.label == "GPE",
        )
        match = None
        if is_hint:  # 'Palmyra, New York': the state
            match = gaz.resolve(span.text, weights, features=HINT_FEATURES, **kwargs)
        match = match or gaz.resolve(span.text, weights, **kwargs)
        if match is None and len(span) > 1 and span[-1].lower_ in ADMIN_WORDS:
            # NER's 'Raqqa province': the province is the seat's subdivision
            inner = gaz.resolve(span[:-1].text, weights, **kwargs)
            if inner is not None:
                seat = gaz.admin_seat_of(inner.place)
                if seat is not None:
                    match = Match(seat, inner.score, inner.primary, inner.in_context,
                                  inner.ambiguous, inner.candidates)
        return match


def _named_person(doc: Doc, cand: Candidate, people: set[str], entity: Entity) -> bool:
    """A lone word of a person's name seen in the doc is that person, unless it
    names a country or province ('Jordan' after 'Michael Jordan' stays Jordan)."""
    return (cand.end - cand.start == 1 and doc[cand.start].text in people
            and (entity.feature or "").startswith("P."))


_WATER_WORDS = frozenset("sea ocean gulf strait straits channel bay river lake canal".split())


def _water_body(doc: Doc, cand: Candidate) -> bool:
    """'the Red Sea', 'the Gulf of Aden': a named body of water (with 'the' before it)."""
    words = {t.lower_ for t in doc[cand.start:cand.end]}
    before = [t.lower_ for t in doc[max(0, cand.start - 2):cand.start]]
    if before[-2:] and before[-1] == "of" and before[0] in _WATER_WORDS:
        return True  # 'Aden' in 'the Gulf of Aden'
    return bool(words & _WATER_WORDS) and (before[-1:] == ["the"] or doc[cand.start].lower_ == "the")


def _plausible(m: Match, from_ner: bool, hinted: bool) -> bool:
    """Enough evidence for a grounding. A preposition-rule candidate (no NER
    place label) needs a place in the article's countries or a well-known place
    by its own name; any candidate needs context for a hamlet."""
    if m.in_context or hinted:
        return True
    town = m.place.feature.startswith("P.")
    if from_ner:
        return not town or m.place.population >= MIN_POPULATION_OUT_OF_CONTEXT
    return m.primary and not m.ambiguous and (not town or m.place.population >= 15000)


def _confidence(m: Match, cand: Candidate, has_context: bool) -> float:
    conf = 0.95
    if not m.primary:
        conf -= 0.1
    if not m.in_context and m.place.feature not in BROAD:
        conf -= 0.25 if has_context else 0.1
    if m.ambiguous:
        conf -= 0.2
    if not cand.from_ner:
        conf -= 0.1
    elif cand.label == "FAC":
        conf -= 0.1
    return round(max(0.1, min(conf, 0.99)), 2)


def _before_admin_word(doc: Doc, end: int) -> bool:
    return end < len(doc) and doc[end].lower_ in ADMIN_WORDS


# -- candidates --------------------------------------------------------------------

def find_candidates(doc: Doc) -> list[Candidate]:
    taken = _actor_tokens(doc)
    out: dict[int, Candidate] = {}
    for ent in doc.ents:
        if ent.label_ not in PLACE_LABELS:
            continue
        start, end = _trim(doc, ent.start, ent.end)
        if start < end and not _person_like(doc, start) and not taken.intersection(range(start, end)):
            out[start] = Candidate(start, end, ent.label_, True)
    covered = {i for c in out.values() for i in range(c.start, c.end)}
    for start, end, strong in _after_prepositions(doc):
        if covered.intersection(range(start, end)) or taken.intersection(range(start, end)):
            continue
        label = doc[start].ent_type_ or None
        if label not in (None, "PERSON", "ORG") or _person_like(doc, start):
            continue
        if label is not None and not strong:
            continue
        out[start] = Candidate(start, end, label, False)
    return [out[k] for k in sorted(out)]


def _parts(doc: Doc, cand: Candidate) -> list[Candidate]:
    """Pieces of a span NER ran across a preposition, conjunction or comma."""
    if not cand.from_ner:
        return []
    parts, start = [], cand.start
    for i in range(cand.start, cand.end + 1):
        if i == cand.end or doc[i].lower_ in SPLITTERS:
            s, e = _trim(doc, start, i)
            if s < e and (s, e) != (cand.start, cand.end):
                parts.append(Candidate(s, e, cand.label, True))
            start = i + 1
    return parts


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    while start < end and doc[start].lower_ in DETERMINERS:
        start += 1
    while end > start and (doc[end - 1].lower_ in ("'s", "’s", "'", "’") or doc[end - 1].is_punct):
        end -= 1
    return start, end


def _after_prepositions(doc: Doc):
    """(start, end, strong) of capitalised PROPN runs right after a location preposition."""
    for i, tok in enumerate(doc[:-1]):
        low = tok.lower_
        place_of = low == "of" and i > 0 and doc[i - 1].lower_ in PLACE_NOUNS
        if not (low in PREPOSITIONS or place_of):
            continue
        j = i + 1
        while j < len(doc) and doc[j].pos_ == "PROPN" and doc[j].text[:1].isupper() and not doc[j].is_sent_start:
            j += 1
        if j > i + 1:
            yield i + 1, j, place_of or low in STRONG_PREPOSITIONS


def _person_like(doc: Doc, start: int) -> bool:
    """'Dr. Afzal Ashraf': a title before the name, or a PERSON run of names."""
    k = start - 1
    while k >= 0 and doc[k].ent_type_ == "PERSON" and doc[k].ent_iob_ != "O" and k >= start - 3:
        k -= 1
    if k >= 0 and doc[k].lower_.rstrip(".") in TITLES:
        return True
    return doc[start].ent_type_ == "PERSON" and doc[start].ent_iob_ == "I"


def _actor_tokens(doc: Doc) -> set[int]:
    actors = getattr(doc._, "actor_entities", None) or []
    taken: set[int] = set()
    for ent in actors:
        try:
            span = doc.char_span(ent.span[0], ent.span[1], alignment_mode="expand")
        except Exception:  # noqa: BLE001 - a malformed actor span is only skipped
            continue
        if span is not None:
            taken.update(range(span.start, span.end))
    return taken


# -- article context ---------------------------------------------------------------

def article_countries(
    doc: Doc, gaz: Gazetteer, candidates: list[Candidate], common_words: frozenset[str] = frozenset()
) -> dict[str, float]:
    """ISO2 → weight from the mentions that name a country without doubt."""
    mentions = [_trimmed_text(doc, e.start, e.end) for e in doc.ents if e.label_ in CONTEXT_LABELS]
    mentions += [doc[c.start:c.end].text for c in candidates if not c.from_ner]
    ctx = context_of(doc)
    place = ctx.dateline.place if ctx.dateline is not None else None
    if place:
        mentions.append(place)
        m = gaz.resolve(place)  # a dateline city that is no capital still says where
        country = gaz.country(m.place.country) if m and m.place.country else None
        if country is not None and gaz.country_of_mention(place, common_words) is None:
            mentions.append(country.name)
    return gaz.context_countries(mentions, common_words)


def person_names(doc: Doc) -> set[str]:
    """Words of the multi-word PERSON names in the doc ('Fritz Henderson'):
    a lone 'Henderson' later is that person, not the town."""
    return {t.text for e in doc.ents if e.label_ == "PERSON" and len(e) > 1 for t in e if t.text[:1].isupper()}


def _trimmed_text(doc: Doc, start: int, end: int) -> str:
    s, e = _trim(doc, start, end)
    return doc[s:e].text if s < e else ""
