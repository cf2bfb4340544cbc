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

import dataclasses
import logging
import math
import re
import threading
from dataclasses import dataclass

from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span

from allegedly.gazetteer import Gazetteer, Match, Proximity, load_or_build, norm
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
PERSON_VERBS = frozenset("""say tell add explain think believe feel thank win score finish skate
finish compete smile laugh cry marry""".split())
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
    label: str | None  # NER label, None when only a rule found it
    from_ner: bool
    # how it was found: ner | preposition | dateline | qualifier | county_list | coreference | prefix
    kind: str = "ner"
    query: str | None = None  # the name to look up when not the span's text ('Jackson County')


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


@dataclass
class _Setting:
    """Where the article is: countries, states/provinces and anchor points."""
    weights: dict[str, float]
    regions: dict[tuple[str, str], float]
    proximity: Proximity | None
    local: bool = False  # a setting of its own: states, or names found only in its countries
    dateline_region: tuple[str, str] | None = None
    # countries only implied by names whose namesakes all lie there → those names
    implied_by: dict[str, set[str]] = dataclasses.field(default_factory=dict)


class PlacesComponent:
    def __init__(self, cache_dir: str, common_words: frozenset[str]):
        self.cache_dir = cache_dir
        self.common_words = common_words

    def __call__(self, doc: Doc) -> Doc:
        try:
            doc._.place_entities, doc._.place_modifiers = self.ground_all(doc, gazetteer(self.cache_dir))
        except Exception as exc:  # noqa: BLE001 - never sink the article
            log.exception("allegedly_places failed")
            warn(doc, f"allegedly_places: {type(exc).__name__}: {exc}")
            doc._.place_entities = []
            doc._.place_modifiers = []
        return doc

    def ground(self, doc: Doc, gaz: Gazetteer) -> list[Entity]:
        return self.ground_all(doc, gaz)[0]

    def ground_all(self, doc: Doc, gaz: Gazetteer) -> tuple[list[Entity], list[Entity]]:
        """Places, then modifiers (demonyms, places inside organisation names).

        Two passes: the first with the article's countries only gives the
        setting (states and anchor places named without doubt, the dateline);
        the second resolves every candidate in that setting."""
        ctx = context_of(doc)
        dateline = find_dateline(doc)
        candidates = find_candidates(doc, dateline)
        hints, qualifiers = self._hints(doc, gaz, candidates)
        candidates = _merge_candidates(candidates, qualifiers)
        mentions = article_mentions(doc, gaz, candidates, self.common_words)
        weights = gaz.context_countries(mentions, self.common_words)
        ctx.countries = list(weights)
        weights, local, implied = self._with_unanimous(doc, gaz, candidates, mentions, weights)
        people = person_names(doc)
        setting = _Setting(weights, {}, None, local, None, implied)
        for _ in range(2):  # the setting from what is certain, then from what it settled
            found = {c.start: self._entity(doc, gaz, c, setting, hints.get(c.start)) for c in candidates}
            setting = self._setting(doc, gaz, candidates, found, hints, weights, local, implied)
        out: list[Entity] = []
        for cand in candidates:
            if doc[cand.end - 1].lower_ in _STREET_WORDS:
                continue  # '6016 Dublin Road' is a street (found below), not Dublin
            entity = self._entity(doc, gaz, cand, setting, hints.get(cand.start))
            if entity is not None and _named_person(doc, cand, people, entity):
                # 'Henderson spoke', after 'Fritz Henderson' earlier: the merger types it a person
                doc.user_data.setdefault("allegedly_people_not_places", []).append(entity.span)
                continue
            if entity is not None:
                out.append(entity)
                continue
            parts = [e for e in (self._entity(doc, gaz, part, setting, None) for part in _parts(doc, cand))
                     if e is not None]  # NER's 'Palmyra to Raqqa province'
            if not parts and cand.from_ner and cand.end - cand.start > 1 and not _water_body(doc, cand) \
                    and not {t.lower_ for t in doc[cand.start:cand.end]} & _WATER_WORDS:
                # NER's 'the Guernsey County Common Pleas Court': the place inside
                inner = self._place_in_name(doc, gaz, doc[cand.start:cand.end], setting)
                parts = [dataclasses.replace(inner, role=None)] if inner is not None else []
            out.extend(parts)
            if not parts and cand.from_ner and all(t.text in people for t in doc[cand.start:cand.end]):
                # 'Saakashvili' tagged GPE after 'Mikheil Saakashvili': the person
                doc.user_data.setdefault("allegedly_people_not_places", []).append(
                    (doc[cand.start].idx, doc[cand.end - 1].idx + len(doc[cand.end - 1])))
        out += self._coreferences(doc, gaz, out, people)
        out += streets(doc, [e.span for e in out])
        out.sort(key=lambda e: e.span)
        return out, self._modifiers(doc, gaz, out, setting)

    def _modifiers(self, doc: Doc, gaz: Gazetteer, places: list[Entity], setting: _Setting) -> list[Entity]:
        """'Syrian' forces → Syria as a modifier; 'Kentucky State Police' → Kentucky
        as the organisation's location. Neither is where something happened."""
        taken = [e.span for e in places]
        out: list[Entity] = []

        def free(a: int, b: int) -> bool:
            return not any(x < b and a < y for x, y in taken)

        for ent in [*doc.ents, *self._actor_spans(doc)]:
            start, end = _trim(doc, ent.start, ent.end)
            if start >= end:
                continue
            span = doc[start:end]
            if not free(span.start_char, span.end_char):
                continue
            iso = gaz.demonym_country(span.text) if ent.label_ in DEMONYM_LABELS else None
            if iso:
                country = gaz.country(iso)
                if country is not None:
                    out.append(_as_entity(span, ent.label_, country, 0.85, "demonym", "modifier"))
                    taken.append((span.start_char, span.end_char))
                continue
            if ent.label_ == "ACTOR" or (len(span) > 1 and (ent.label_ in ORG_LABELS
                                                            or span[-1].lower_ in INSTITUTION_WORDS)):
                inner = self._place_in_name(doc, gaz, span, setting)
                if inner is not None:
                    out.append(inner)
                    taken.append(inner.span)
        for tok in doc:  # 'American arguments', which NER left unlabelled
            if tok.ent_type_ or not tok.text[:1].isupper() or not free(tok.idx, tok.idx + len(tok)):
                continue
            iso = gaz.demonym_country(tok.text)
            country = gaz.country(iso) if iso else None
            if country is not None:
                out.append(_as_entity(doc[tok.i:tok.i + 1], None, country, 0.75, "demonym", "modifier"))
                taken.append((tok.idx, tok.idx + len(tok)))
        return sorted(out, key=lambda e: e.span)

    @staticmethod
    def _actor_spans(doc: Doc) -> list[Span]:
        """Actor-dictionary mentions ('U.S.' as the US government) as spans labelled ACTOR:
        the place their name holds is their location."""
        out = []
        for ent in doc._.actor_entities or []:
            if ent.type == "person":  # 'Obama' is no town in Japan here
                continue
            span = doc.char_span(ent.span[0], ent.span[1], label="ACTOR", alignment_mode="expand")
            if span is not None:
                out.append(span)
        return out

    def _place_in_name(self, doc: Doc, gaz: Gazetteer, span: Span, setting: _Setting) -> Entity | None:
        """The longest run of words inside an organisation's name that is a
        well-known place or one in the article's setting."""
        n = len(span)
        for size in range(min(n - 1, 4), 0, -1):
            for i in range(0, n - size + 1):
                sub = span[i:i + size]
                if not all(t.text[:1].isupper() for t in sub):
                    continue
                m = gaz.resolve(sub.text, setting.weights, common_words=self.common_words,
                                regions=setting.regions, proximity=setting.proximity,
                                local=setting.local)
                if m is None or not m.primary or (sub.text.isupper() and m.place.feature not in BROAD):
                    continue  # 'U.S. Attorney' yes, 'FBI' no
                feature = m.place.feature
                big = feature in ORG_PLACE_FEATURES or m.place.population >= 5_000
                known = (m.evidence in ("region", "nearby")
                         or (m.evidence == "only" and big)  # not 'Helen', 'Titan': hamlets
                         or (feature in BROAD and feature in ORG_PLACE_FEATURES)
                         or (m.in_context and feature in ORG_PLACE_FEATURES)
                         or (not m.ambiguous and m.place.population >= 20_000))
                if known:
                    return _as_entity(sub, "ORG", m.place, 0.7, m.evidence, "organisation_location")
        return None

    # -- the setting ----------------------------------------------------------------
    def _setting(self, doc, gaz, candidates, found, hints, weights, local: bool, implied) -> _Setting:
        """The article's states or provinces and anchor points, from groundings
        that need no setting: states named, the dateline place, qualified towns
        ('Frankfort, Ky.'), and counties or towns that have a single candidate
        or were settled by a state. Their countries join the article's
        countries: a story naming only Kentucky towns is a US story."""
        counts: dict[tuple[str, str], float] = {}
        near = Proximity()
        dl_region = None
        for cand in candidates:
            e = found.get(cand.start)
            if e is None or not e.country:
                continue
            feature = e.feature or ""
            is_dateline = cand.kind == "dateline"
            sure = (cand.start in hints or is_dateline or cand.kind == "qualifier"
                    or e.evidence in ("only", "qualifier", "region", "dateline"))
            if feature in BROAD or not (sure or feature == "A.ADM1"):
                continue
            place_admin1 = _admin1_of(gaz, e)
            if place_admin1:
                key = (e.country, place_admin1)
                counts[key] = counts.get(key, 0.0) + (2.0 if is_dateline else 1.0)
                if is_dateline:
                    dl_region = key
            if e.lat is not None and feature != "A.ADM1":
                near.add(e.lat, e.lon, f"anchor:{cand.start}", 1.0)
        for key, points in self._name_points(doc, gaz, candidates).items():
            weight = 1.0 / math.sqrt(len(points))
            for lat, lon in points[:_SUPPORT_CANDIDATES]:
                near.add(lat, lon, key, weight)
        top = max(counts.values(), default=0.0)
        regions = {k: v / top for k, v in counts.items()} if top else {}
        merged = dict(weights)
        for (cc, _), w in regions.items():
            merged[cc] = max(merged.get(cc, 0.0), w)
        in_regions = regions_cc(regions)
        implied = {cc: names for cc, names in implied.items() if cc not in in_regions}
        # only names the article also uses for an organisation ('Cisco Systems') need more
        orgs = {t.text for ent in doc.ents if ent.label_ == "ORG" for t in ent}
        implied = {cc: names for cc, names in implied.items()
                   if any(w in orgs for n in names for w in n.title().split())}
        return _Setting(merged, regions, near, bool(regions) or local, dl_region, implied)

    def _with_unanimous(self, doc, gaz, candidates, mentions, weights) -> tuple[dict[str, float], bool, dict]:
        """Names whose every namesake lies in one country ('Henry County', 'Whitlock')
        make it one of the article's countries; where they do, a country named
        only by its capital ('Paris') is dropped: Paris near Henry County is in
        Tennessee."""
        counts: dict[str, int] = {}
        by: dict[str, set[str]] = {}
        seen: set[str] = set()
        for cand in candidates:
            name = cand.query or doc[cand.start:cand.end].text
            if norm(name) in seen:
                continue
            seen.add(norm(name))
            countries = {p.country for p, _ in gaz.candidates(name, self.common_words)}
            if len(countries) == 1 and None not in countries:
                iso = next(iter(countries))
                counts[iso] = counts.get(iso, 0) + 1
                by.setdefault(iso, set()).add(norm(name))
        if not counts:
            return weights, False, {}
        named = {found[0] for found in (gaz.mention(m, self.common_words) for m in mentions)
                 if found and found[1] != "capitals"}
        out = {iso: w for iso, w in weights.items() if iso in named or iso in counts}
        top = max(counts.values())
        for iso, n in counts.items():
            out[iso] = max(out.get(iso, 0.0), 0.5 * n / top)
        implied = {iso: names for iso, names in by.items() if iso not in named}
        return out, True, implied

    def _name_points(self, doc, gaz, candidates) -> dict[str, list[tuple[float, float]]]:
        """Every town and county each name could be, largest first (for co-location)."""
        out: dict[str, list[tuple[float, float]]] = {}
        for cand in candidates:
            name = cand.query or doc[cand.start:cand.end].text
            key = norm(name)
            if key in out:
                continue
            places = [p for p, _ in gaz.candidates(name, self.common_words)
                      if p.lat is not None and (p.feature.startswith("P.") or p.feature == "A.ADM2")]
            if places:
                places.sort(key=lambda p: -p.population)
                out[key] = [(p.lat, p.lon) for p in places]
        return out

    def _hints(self, doc, gaz, candidates) -> tuple[dict[int, tuple[str, str | None]], list[Candidate]]:
        """'Palmyra, New York', 'Frankfort, Ky.': a state or country right after
        a comma decides. Returns the hint (country, GeoNames admin1) per
        candidate start, and the qualifiers as candidates (they are places too)."""
        by_start = {c.start: c for c in candidates}
        hints: dict[int, tuple[str, str | None]] = {}
        qualifiers: list[Candidate] = []
        for cand in candidates:
            if not (cand.end + 1 < len(doc) and doc[cand.end].text == ","):
                continue
            nxt = by_start.get(cand.end + 1) or _qualifier_at(doc, cand.end + 1)
            if nxt is None:
                continue
            m = gaz.resolve(doc[nxt.start:nxt.end].text, common_words=self.common_words,
                            features=HINT_FEATURES)
            if m is None or not m.place.country or (not m.primary and nxt.start not in by_start):
                continue
            adm1 = m.place.admin1 if m.place.feature == "A.ADM1" else None
            here = cand.query or doc[cand.start:cand.end].text
            if any(p.country == m.place.country and (adm1 is None or p.admin1 == adm1)
                   for p, _ in gaz.candidates(here, self.common_words)):
                # 'Tokyo, Buenos Aires and Toronto' is a list, not a hint
                hints[cand.start] = (m.place.country, adm1)
                qualifiers.append(Candidate(nxt.start, nxt.end, nxt.label, nxt.from_ner, "qualifier"))
        return hints, qualifiers

    # -- one mention -------------------------------------------------------------------
    def _entity(self, doc, gaz, cand: Candidate, setting: _Setting, hint) -> Entity | None:
        span = doc[cand.start:cand.end]
        text = span.text
        match = self._match(gaz, span, cand, setting, hint)
        if match is None:
            return None
        trusted = cand.kind in ("dateline", "qualifier", "county_list") or hint is not None
        if text.isupper() and match.place.feature not in BROAD and not trusted:
            return None  # headline shouting or an acronym ('AND', 'ISIS'), unless a country
        if _water_body(doc, cand) and not match.place.feature.startswith("H"):
            return None  # 'the Red Sea' is not Sudan's Red Sea state; the gazetteer has no seas
        if not trusted and not _plausible(match, cand.from_ner, False, setting, cand.query or text):
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
            confidence=_confidence(match, cand, bool(setting.weights)),
            evidence=_evidence(cand, match, hint, setting),
        )

    def _match(self, gaz, span: Span, cand, setting: _Setting, hint) -> Match | None:
        kwargs = dict(
            hint_country=hint[0] if hint else None,
            hint_admin1=hint[1] if hint else None,
            common_words=self.common_words,
            allow_common=cand.label == "GPE" or cand.kind in ("dateline", "county_list"),
            regions=setting.regions,
            proximity=setting.proximity,
            local=setting.local,
        )
        name = cand.query or span.text
        match = None
        if cand.kind == "qualifier":  # 'Palmyra, New York': the state
            match = gaz.resolve(name, setting.weights, features=HINT_FEATURES, **kwargs)
        if cand.kind == "county_list":
            return gaz.resolve(name, setting.weights, features=ADMIN2, **kwargs)
        match = match or gaz.resolve(name, setting.weights, **kwargs)
        if match is None and len(span) > 1 and span[-1].lower_ in ADMIN_WORDS:
            # NER's 'Raqqa province': the province is the seat's subdivision
            inner = gaz.resolve(span[:-1].text, setting.weights, **kwargs)
            if inner is not None:
                seat = gaz.admin_seat_of(inner.place)
                if seat is not None:
                    match = Match(seat, inner.score, inner.primary, inner.in_context,
                                  inner.ambiguous, inner.candidates, inner.evidence)
        return match

    def _coreferences(self, doc, gaz, found: list[Entity], people: set[str]) -> list[Entity]:
        """A bare name that repeats a place resolved earlier ('Clarke' after
        'Clarke County'; 'Gainesville' NER called an organisation) is that place."""
        names: dict[str, Entity] = {}
        for e in found:
            names.setdefault(e.text, e)
            if e.feature == "A.ADM2" and e.name:
                stem = _county_stem(e.name)
                if stem and stem != e.name:
                    names.setdefault(stem, e)
        if not names:
            return []
        taken = [e.span for e in found]
        out = []
        for ent in doc.ents:
            if ent.label_ not in ("PERSON", "ORG", "GPE", "LOC", "NORP"):
                continue
            start, end = _trim(doc, ent.start, ent.end)
            if start >= end:
                continue
            span = doc[start:end]
            ref = names.get(span.text)
            if ref is None or any(a < span.end_char and span.start_char < b for a, b in taken):
                continue
            if ent.label_ == "PERSON" and (span.text in people and (ref.feature or "").startswith("P.")):
                continue
            out.append(dataclasses.replace(ref, text=span.text, span=(span.start_char, span.end_char),
                                           label=ent.label_, evidence="coreference",
                                           confidence=round(min(ref.confidence, 0.8), 2)))
            taken.append((span.start_char, span.end_char))
        # the same names where NER saw nothing ('An Alexandria man'), outside other entities
        in_ents = {i for ent in doc.ents for i in range(ent.start, ent.end)}
        longest = max(len(n.split()) for n in names)
        firsts = {n.split()[0] for n in names}
        i = 0
        while i < len(doc):
            if doc[i].text not in firsts:
                i += 1
                continue
            hit = None
            for size in range(min(longest, len(doc) - i), 0, -1):
                span = doc[i:i + size]
                if span.text in names and not in_ents.intersection(range(i, i + size)) \
                        and span[0].text[:1].isupper() and span[-1].pos_ == "PROPN":
                    hit = span
                    break
            if hit is not None and not any(a < hit.end_char and hit.start_char < b for a, b in taken):
                ref = names[hit.text]
                out.append(dataclasses.replace(ref, text=hit.text, span=(hit.start_char, hit.end_char),
                                               label=None, evidence="coreference",
                                               confidence=round(min(ref.confidence, 0.7), 2)))
                taken.append((hit.start_char, hit.end_char))
                i = hit.end
                continue
            i += 1
        return out


ADMIN2 = frozenset({"A.ADM2"})
DEMONYM_LABELS = frozenset({"NORP", "GPE", "ORG", "LOC", "PERSON"})
ORG_LABELS = frozenset({"ORG", "FAC"})
# 'Glen Carbon Elementary', which the small model calls a person
INSTITUTION_WORDS = frozenset("""elementary school academy college university hospital church clinic
library museum courthouse prison jail airport stadium park""".split())
ORG_PLACE_FEATURES = frozenset({"A.PCLI", "A.ADM1", "A.ADM2", "P.PPLC", "L.CONT"})


def _as_entity(span: Span, label, place, confidence: float, evidence: str, role: str | None) -> Entity:
    return Entity(text=span.text, type="place", span=(span.start_char, span.end_char), label=label,
                  id=place.ref, name=place.name, lat=place.lat, lon=place.lon, country=place.country,
                  feature=place.feature, source="gazetteer", confidence=confidence, evidence=evidence,
                  role=role)
# Candidates per name that support others' co-location (the largest first).
_SUPPORT_CANDIDATES = 40
_DIRECTIONS = frozenset("""north south east west northeast northwest southeast southwest northern
southern eastern western central upstate downstate northeastern northwestern southeastern
southwestern""".split())


def regions_cc(regions) -> set[str]:
    return {cc for cc, _ in regions}


def _admin1_of(gaz: Gazetteer, e: Entity) -> str | None:
    if not e.id or not e.id.startswith("geonames:"):
        return None
    return gaz.admin1_of(int(e.id.split(":", 1)[1]))


def _county_stem(name: str) -> str:
    for suffix in (" County", " Parish", " Borough"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return ""


def _evidence(cand: Candidate, match: Match, hint, setting: _Setting) -> str:
    if cand.kind == "dateline":
        return "dateline"
    if hint is not None and match.evidence in ("qualifier", "only", "prior"):
        return "qualifier" if match.evidence != "only" else "only"
    if match.evidence == "region" and setting.dateline_region is not None and len(setting.regions) == 1:
        return "dateline"  # the dateline named the only state in play
    return match.evidence


def _qualifier_at(doc: Doc, i: int) -> Candidate | None:
    """A state or country after a comma that NER did not mark: 'Ky.', 'Ont.', 'Texas'."""
    j = i
    while j < len(doc) and j < i + 3 and doc[j].text[:1].isupper() and not doc[j].is_sent_start:
        j += 1
    if i < j < len(doc) and doc[j].text == "." and doc[j].idx == doc[j - 1].idx + len(doc[j - 1]):
        j += 1  # 'Ont' '.': the model split the abbreviation
    return Candidate(i, j, doc[i].ent_type_ or None, False, "qualifier") if j > i else None


def _merge_candidates(candidates: list[Candidate], extra: list[Candidate]) -> list[Candidate]:
    out = {c.start: c for c in candidates}
    for c in extra:
        old = out.get(c.start)
        if old is None or old.end == c.end:
            out[c.start] = c
    return [out[k] for k in sorted(out)]


def _named_person(doc: Doc, cand: Candidate, people: set[str], entity: Entity) -> bool:
    """A lone word of a person's name seen in the doc is that person, unless it
    names a country or province ('Jordan' after 'Michael Jordan' stays Jordan)."""
    if cand.end - cand.start != 1 or doc[cand.start].text not in people:
        return False
    tok = doc[cand.start]
    # 'Georgia said she …' after 'skater Georgia Smith': the subject of what people do
    acts = tok.dep_ in ("nsubj", "nsubjpass") and tok.head.lemma_ in PERSON_VERBS
    return acts or (entity.feature or "").startswith("P.")


_WATER_WORDS = frozenset("sea ocean gulf strait straits channel bay river lake canal".split())


def _water_body(doc: Doc, cand: Candidate) -> bool:
    """'the Red Sea', 'the Gulf of Aden': a named body of water (with 'the' before it)."""
    words = {t.lower_ for t in doc[cand.start:cand.end]}
    before = [t.lower_ for t in doc[max(0, cand.start - 2):cand.start]]
    if before[-2:] and before[-1] == "of" and before[0] in _WATER_WORDS:
        return True  # 'Aden' in 'the Gulf of Aden'
    return bool(words & _WATER_WORDS) and (before[-1:] == ["the"] or doc[cand.start].lower_ == "the")


def _plausible(m: Match, from_ner: bool, hinted: bool, setting: _Setting | None = None, name: str = "") -> bool:
    """Enough evidence for a grounding. A preposition-rule candidate (no NER
    place label) needs a place in the article's countries or a well-known place
    by its own name; any candidate needs context for a hamlet: the article's
    countries, its states, or places named close by."""
    if hinted or m.evidence in ("region", "nearby", "qualifier"):
        return True
    town = m.place.feature.startswith("P.")
    if m.in_context and (setting is None or setting.implied_by.get(m.place.country) != {norm(name)}):
        return True  # 'Cisco' alone (all its namesakes in the US) does not put itself in context
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

def find_candidates(doc: Doc, dateline: Candidate | None = None) -> list[Candidate]:
    taken = _actor_tokens(doc)
    out: dict[int, Candidate] = {}
    for ent in doc.ents:
        if ent.label_ not in PLACE_LABELS:
            continue
        start, end = _trim(doc, ent.start, ent.end)
        if start < end and not _person_like(doc, start) and not taken.intersection(range(start, end)):
            out[start] = Candidate(start, end, ent.label_, True)
    for cand in _county_lists(doc):  # 'Jackson and Barrow counties'
        for i in range(cand.start, cand.end):
            out.pop(i, None)
        out[cand.start] = cand
    if dateline is not None:
        for i in range(dateline.start, dateline.end):
            out.pop(i, None)
        out[dateline.start] = dateline
    covered = {i for c in out.values() for i in range(c.start, c.end)}
    for start, end in _before_place_nouns(doc):  # 'An Alexandria man', 'Gainesville residents'
        if covered.intersection(range(start, end)) or taken.intersection(range(start, end)):
            continue
        if doc[start].ent_type_ in ("PERSON", "DATE", "TIME", "MONEY", "CARDINAL", "ORDINAL"):
            continue
        out[start] = Candidate(start, end, doc[start].ent_type_ or None, False, "place_noun")
        covered.update(range(start, end))
    for start, end, strong in _after_prepositions(doc):
        if covered.intersection(range(start, end)) or taken.intersection(range(start, end)):
            continue
        label = doc[start].ent_type_ or None
        if label not in (None, "PERSON", "ORG") or _person_like(doc, start):
            continue
        if label is not None and not strong:
            continue
        out[start] = Candidate(start, end, label, False, "preposition")
    return [out[k] for k in sorted(out)]


_COUNTY_PLURALS = {"counties": "County", "parishes": "Parish"}


def _county_lists(doc: Doc):
    """'Jackson and Barrow counties', 'Eastland, Callahan and Erath counties':
    each name is '<name> County'."""
    for i, tok in enumerate(doc):
        suffix = _COUNTY_PLURALS.get(tok.lower_)
        if suffix is None:
            continue
        j = i - 1
        found = []
        while j >= 0:
            end = j + 1
            while j >= 0 and doc[j].text[:1].isupper() and doc[j].pos_ in ("PROPN", "NOUN", "ADJ"):
                j -= 1
            if j + 1 == end:
                break
            found.append(Candidate(j + 1, end, doc[j + 1].ent_type_ or None, False, "county_list",
                                   f"{doc[j + 1:end].text} {suffix}"))
            if j >= 0 and doc[j].lower_ in ("and", ",", "or", "&"):
                j -= 1
                if j >= 0 and doc[j].text == "," and j + 1 < len(doc) and doc[j + 1].lower_ == "and":
                    j -= 1
                continue
            break
        yield from found


# 'CHARLESTON, W.Va. -- ', 'SOUTH CHARLESTON, W.Va. —': a dateline after a headline.
_DATELINE = re.compile(
    r"(?:^|(?<=[.!?:]\s))([A-Z][A-Z.'\- ]{1,40}[A-Z.])(?:,\s*([A-Z][\w.]*(?:\s[A-Z][\w.]*){0,2}))?"
    r"\s*(?:\(\w+\)\s*)?(?:--|—|–|-)\s")


def find_dateline(doc: Doc) -> Candidate | None:
    """The dateline place as a candidate: the parsed dateline's place, or an
    upper-case place with a dash near the start ('title. CHARLESTON, W.Va. --')."""
    m = _DATELINE.search(doc.text[:600])
    if m is None:
        return None
    span = doc.char_span(m.start(1), m.end(1), alignment_mode="contract")
    if span is None or len(span) == 0:
        return None
    start, end = _trim(doc, span.start, span.end)
    return Candidate(start, end, doc[start].ent_type_ or None, False, "dateline") if start < end else None


def _parts(doc: Doc, cand: Candidate) -> list[Candidate]:
    """Pieces of a span NER ran across a preposition, conjunction or comma;
    the place after a direction ('Northeast Georgia' → Georgia)."""
    if not cand.from_ner:
        return []
    if cand.end - cand.start > 1 and doc[cand.start].lower_ in _DIRECTIONS:
        return [Candidate(cand.start + 1, cand.end, cand.label, True, "prefix")]
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


# Nouns a place name modifies as an adjective: 'an Alexandria man', 'Gainesville police'.
_RESIDENT_NOUNS = frozenset("""man woman men women boy girl teen teenager resident residents couple
family families native natives police officers officials firefighters students schools school
hospital business businesses council mayor area neighborhood neighbourhood""".split())


# 'Lone Oak Road', 'N. Poplar St.': streets are places too, though no gazetteer has them.
_STREET_WORDS = frozenset("""street st. st road rd. rd avenue ave. ave drive dr. lane ln. boulevard
blvd. blvd parkway pkwy. trail highway pike circle""".split())


def streets(doc: Doc, taken: list[tuple[int, int]]) -> list[Entity]:
    """Capitalised names ending in a street word, as places without a point
    (GeoNames feature R.ST), where nothing else was found."""
    out = []
    for i, tok in enumerate(doc):
        if tok.lower_ not in _STREET_WORDS or not tok.text[:1].isupper() or i == 0:
            continue
        j = i
        while j > 0 and j > i - 4 and doc[j - 1].text[:1].isupper() and doc[j - 1].pos_ in ("PROPN", "ADJ", "NOUN") \
                and not doc[j - 1].is_sent_start:
            j -= 1
        if j == i or doc[j].ent_type_ in ("PERSON", "ORG") and doc[j].ent_iob_ == "B" and j == i - 1:
            continue
        end = i + 1
        span = doc[j:end]
        a, b = span.start_char, span.end_char
        if any(x < b and a < y for x, y in taken):
            continue
        out.append(Entity(text=span.text, type="place", span=(a, b), label=doc[j].ent_type_ or None,
                          name=span.text, feature="R.ST", source="gazetteer", confidence=0.6,
                          evidence="street"))
        taken = [*taken, (a, b)]
    return out


def _before_place_nouns(doc: Doc):
    """(start, end) of capitalised proper-noun runs right before a resident noun."""
    for i, tok in enumerate(doc):
        if tok.lower_ not in _RESIDENT_NOUNS or i == 0:
            continue
        j = i
        while j > 0 and j > i - 4 and doc[j - 1].pos_ == "PROPN" and doc[j - 1].text[:1].isupper():
            j -= 1
        if j < i:
            yield j, i


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
    return gaz.context_countries(article_mentions(doc, gaz, candidates, common_words), common_words)


def article_mentions(
    doc: Doc, gaz: Gazetteer, candidates: list[Candidate], common_words: frozenset[str] = frozenset()
) -> list[str]:
    """The texts that may name the article's countries (names, demonyms, capitals, states)."""
    mentions = [_trimmed_text(doc, e.start, e.end) for e in doc.ents if e.label_ in CONTEXT_LABELS]
    mentions += [doc[c.start:c.end].text for c in candidates if not c.from_ner]
    ctx = context_of(doc)
    place = ctx.dateline.place if ctx.dateline is not None else None
    if place:
        # the dateline says where the article was written: its country counts as
        # named, even when the place is a capital
        m = gaz.resolve(place)
        country = gaz.country(m.place.country) if m and m.place.country else None
        mentions.append(country.name if country is not None else place)
    return mentions


def person_names(doc: Doc) -> set[str]:
    """Words of the multi-word PERSON names in the doc ('Fritz Henderson'):
    a lone 'Henderson' later is that person, not the town."""
    return {t.text for e in doc.ents if e.label_ == "PERSON" and len(e) > 1 for t in e if t.text[:1].isupper()}


def _trimmed_text(doc: Doc, start: int, end: int) -> str:
    s, e = _trim(doc, start, end)
    return doc[s:e].text if s < e else ""
