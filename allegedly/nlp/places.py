"""allegedly_places: ground place mentions to the shipped gazetteer.

Candidates come from ``place_candidates`` (NER spans and what NER misses).
The article's setting is built first: its countries (names, demonyms, the
dateline, names whose namesakes all lie in one country; a capital alone only
where nothing else names a country), then its states (named, or holding a
qualified town, a county, the dateline place) and anchor points. Every
candidate is then resolved in that setting: a qualifier ('Paris, Texas',
'Frankfort, Ky.') first, then the article's state, places named nearby, its
countries, and population last; each grounding says which decided
(``Entity.evidence``). Output: ``doc._.place_entities`` (places) and
``doc._.place_modifiers`` (demonyms as modifiers of their country, places
inside organisation names as the organisation's location).
"""
from __future__ import annotations

import dataclasses
import logging
import math
import threading
from dataclasses import dataclass

from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span

from allegedly.gazetteer import Gazetteer, Match, Proximity, load_or_build, norm
from allegedly.nlp.context import context_of, warn
from allegedly.nlp.place_candidates import (
    _STREET_WORDS, Candidate, Tok, _parts, _text, _trim, find_candidates, find_datelines, streets, token_table,
)
from allegedly.records import Entity

log = logging.getLogger(__name__)

CONTEXT_LABELS = frozenset({"GPE", "NORP", "LOC"})
ADMIN_WORDS = frozenset({"province", "governorate", "region", "state", "district", "county", "oblast"})
PERSON_VERBS = frozenset("""say tell add explain think believe feel thank win score finish skate
finish compete smile laugh cry marry""".split())
# What organisations and people do, not places: 'Cisco sues Apple'.
AGENT_VERBS = PERSON_VERBS | frozenset("""sue file announce accuse deny launch sell buy acquire
release hire unveil""".split())
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
    # countries only implied by names whose namesakes all lie there → those of the names
    # that the article uses like an organisation ('Cisco Systems', 'Cisco sues')
    implied_by: dict[str, set[str]] = dataclasses.field(default_factory=dict)
    # country → the one name that alone implies it
    self_implied: dict[str, set[str]] = dataclasses.field(default_factory=dict)
    # look-ups made in this setting: a name repeated in the article is resolved once
    memo: dict = dataclasses.field(default_factory=dict)


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
        toks = token_table(doc)  # one pass over the tokens for every rule below
        ents = list(doc.ents)  # spaCy rebuilds the spans on every access
        candidates = find_candidates(doc, find_datelines(doc), toks, ents)
        hints, qualifiers = self._hints(doc, gaz, candidates)
        candidates = _merge_candidates(candidates, qualifiers)
        mentions = article_mentions(doc, gaz, candidates, self.common_words, ents)
        weights = gaz.context_countries(mentions, self.common_words)
        ctx.countries = list(weights)
        weights, local, implied = self._with_unanimous(doc, gaz, candidates, mentions, weights)
        home = ctx.home_region
        if home:  # the outlet's home: its country counts as named, the story as local
            weights = {**weights, home[0]: max(weights.get(home[0], 0.0), HOME_WEIGHT)}
            local = True
        people = person_names(doc, ents)
        setting = _Setting(weights, {home: HOME_WEIGHT} if home else {}, None, local)
        prev = None
        for _ in range(2):  # the setting from what is certain, then from what it settled
            found = {c.start: self._entity(doc, gaz, c, setting, hints.get(c.start)) for c in candidates}
            if found == prev:
                break  # nothing moved: the setting would be the same again (its look-ups are kept)
            prev = found
            setting = self._setting(doc, toks, ents, gaz, candidates, found, hints, weights, local, implied, home)
        out: list[Entity] = []
        for cand in candidates:
            if toks[cand.end - 1].lower_ in _STREET_WORDS:
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
                    and not {t.lower_ for t in toks[cand.start:cand.end]} & _WATER_WORDS:
                # NER's 'the Guernsey County Common Pleas Court': the place inside
                inner = self._place_in_name(doc, gaz, doc[cand.start:cand.end], setting)
                parts = [dataclasses.replace(inner, role=None)] if inner is not None else []
            out.extend(parts)
            if not parts and cand.from_ner and all(t.text in people for t in toks[cand.start:cand.end]):
                # 'Saakashvili' tagged GPE after 'Mikheil Saakashvili': the person
                doc.user_data.setdefault("allegedly_people_not_places", []).append(
                    (doc[cand.start].idx, doc[cand.end - 1].idx + len(doc[cand.end - 1])))
        out += self._coreferences(doc, toks, ents, out, people)
        out += streets(doc, [e.span for e in out], toks)
        out.sort(key=lambda e: e.span)
        return out, self._modifiers(doc, toks, ents, gaz, out, setting)

    def _modifiers(self, doc: Doc, toks: list[Tok], ents: list[Span], gaz: Gazetteer, places: list[Entity],
                   setting: _Setting) -> list[Entity]:
        """'Syrian' forces → Syria as a modifier; 'Kentucky State Police' → Kentucky
        as the organisation's location. Neither is where something happened."""
        taken = [e.span for e in places]
        out: list[Entity] = []
        # names the article already grounded: 'Oxford' in 'Oxford Police' is that Oxford
        resolved = {e.text: e for e in places if e.lat is not None and e.role is None}

        def free(a: int, b: int) -> bool:
            return not any(x < b and a < y for x, y in taken)

        for ent in [*ents, *self._actor_spans(doc)]:
            start, end = _trim(toks, ent.start, ent.end)
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
            if ent.label_ in DEMONYM_LABELS and len(span) > 1:
                found = _inner_demonyms(gaz, span)  # 'Georgian Interior Ministry', 'Russian-American'
                if found:
                    out.extend(found)
                    taken.extend(e.span for e in found)
                    continue
            if ent.label_ == "ACTOR" or (len(span) > 1 and (ent.label_ in ORG_LABELS
                                                            or span[-1].lower_ in INSTITUTION_WORDS)):
                inner = self._place_in_name(doc, gaz, span, setting, resolved)
                if inner is not None:
                    out.append(inner)
                    taken.append(inner.span)
        for tok in toks:  # 'American arguments', which NER left unlabelled
            if tok.ent_type_ or not tok.cap or not free(tok.idx, tok.idx + len(tok.text)):
                continue
            nxt = toks[tok.i + 1] if tok.i + 1 < len(toks) else None
            if nxt is not None and nxt.cap and not nxt.ent_type_:  # 'Sri Lankan', 'South Korean'
                iso = gaz.demonym_country(_text(toks, tok.i, tok.i + 2))
                country = gaz.country(iso) if iso else None
                if country is not None and free(tok.idx, nxt.idx + len(nxt.text)):
                    out.append(_as_entity(doc[tok.i:tok.i + 2], None, country, 0.75, "demonym", "modifier"))
                    taken.append((tok.idx, nxt.idx + len(nxt.text)))
                    continue
            iso = gaz.demonym_country(tok.text)
            country = gaz.country(iso) if iso else None
            if country is not None:
                out.append(_as_entity(doc[tok.i:tok.i + 1], None, country, 0.75, "demonym", "modifier"))
                taken.append((tok.idx, tok.idx + len(tok.text)))
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

    def _place_in_name(self, doc: Doc, gaz: Gazetteer, span: Span, setting: _Setting,
                       resolved: dict[str, Entity] | None = None) -> Entity | None:
        """The longest run of words inside an organisation's name that is a
        place the article grounded elsewhere, a well-known place or one in the
        article's setting."""
        n = len(span)
        for size in range(min(n - 1, 4), 0, -1):
            for i in range(0, n - size + 1):
                sub = span[i:i + size]
                if not all(t.text[:1].isupper() for t in sub):
                    continue
                ref = (resolved or {}).get(sub.text)
                if ref is not None:
                    return dataclasses.replace(ref, text=sub.text, span=(sub.start_char, sub.end_char), label="ORG",
                                               evidence="coreference", role="organisation_location",
                                               confidence=round(min(ref.confidence, 0.7), 2))
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
    def _setting(self, doc, toks, ents, gaz, candidates, found, hints, weights, local: bool, implied,
                 home=None) -> _Setting:
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
        if home:  # the outlet's home counts like a state the article names once
            counts[home] = counts.get(home, 0.0) + HOME_WEIGHT
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
        orgs = {t.text for ent in ents if ent.label_ == "ORG" for t in toks[ent.start:ent.end]}
        orgs |= {t.text for t in toks if t.dep_ == "nsubj" and t.head_lemma in AGENT_VERBS}  # 'Cisco sues
        alone = {cc: names for cc, names in implied.items() if len(names) == 1}
        implied = {cc: {n for n in names if any(w in orgs for w in n.title().split())}
                   for cc, names in implied.items()}
        return _Setting(merged, regions, near, bool(regions) or local, dl_region, implied, alone)

    def _with_unanimous(self, doc, gaz, candidates, mentions, weights) -> tuple[dict[str, float], bool, dict]:
        """Names whose every namesake lies in one country ('Henry County', 'Whitlock')
        make it one of the article's countries; where they do, a country named
        only by its capital ('Paris') is dropped: Paris near Henry County is in
        Tennessee."""
        counts: dict[str, int] = {}
        by: dict[str, set[str]] = {}
        seen: set[str] = set()
        small = 0  # names of small places found in one country only: a local story
        for cand in candidates:
            name = cand.query or doc[cand.start:cand.end].text
            if norm(name) in seen:
                continue
            seen.add(norm(name))
            found = [p for p, _ in gaz.candidates(name, self.common_words)]
            countries = {p.country for p in found}
            if len(countries) == 1 and None not in countries:
                iso = next(iter(countries))
                counts[iso] = counts.get(iso, 0) + 1
                by.setdefault(iso, set()).add(norm(name))
                if max(p.population for p in found) < _SMALL_PLACE:
                    small += 1
        if not counts:
            return weights, False, {}
        named = {found[0] for found in (gaz.mention(m, self.common_words) for m in mentions)
                 if found and found[1] != "capitals"}
        out = {iso: w for iso, w in weights.items() if iso in named or iso in counts}
        top = max(counts.values())
        for iso, n in counts.items():
            out[iso] = max(out.get(iso, 0.0), 0.5 * n / top)
        implied = {iso: names for iso, names in by.items() if iso not in named}
        return out, small >= 2, implied  # two small local places make a local story, one does not

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
        if cand.kind == "party" and match.place.country != "US":
            return None  # 'D-' and 'R-' are American parties: the home is an American place
        trusted = cand.kind in ("dateline", "qualifier", "county_list", "party") or hint is not None
        if text.isupper() and match.place.feature not in BROAD and not trusted:
            return None  # headline shouting or an acronym ('AND', 'ISIS'), unless a country
        if _water_body(doc, cand) and not match.place.feature.startswith("H"):
            return None  # 'the Red Sea' is not Sudan's Red Sea state; the gazetteer has no seas
        if not trusted and not _plausible(match, cand.from_ner, False, setting, cand.query or text, cand.label):
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
        name = cand.query or span.text
        key = (name, cand.kind, cand.label, hint, len(span) > 1 and span[-1].lower_ in ADMIN_WORDS)
        if key not in setting.memo:
            setting.memo[key] = self._lookup(gaz, span, cand, setting, hint)
        return setting.memo[key]

    def _lookup(self, gaz, span: Span, cand, setting: _Setting, hint) -> Match | None:
        kwargs = dict(
            hint_country=hint[0] if hint else None,
            hint_admin1=hint[1] if hint else None,
            common_words=self.common_words,
            allow_common=cand.label == "GPE" or cand.kind in ("dateline", "county_list", "party"),
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

    def _coreferences(self, doc, toks: list[Tok], ents: list[Span], found: list[Entity], people: set[str]) -> list[Entity]:
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
        for ent in ents:
            if ent.label_ not in ("PERSON", "ORG", "GPE", "LOC", "NORP"):
                continue
            start, end = _trim(toks, ent.start, ent.end)
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
        in_ents = {i for ent in ents for i in range(ent.start, ent.end)}
        longest = max(len(n.split()) for n in names)
        firsts = {n.split()[0] for n in names}
        i = 0
        while i < len(toks):
            if toks[i].text not in firsts:
                i += 1
                continue
            hit = None
            for size in range(min(longest, len(toks) - i), 0, -1):
                text = _text(toks, i, i + size)
                if text in names and not in_ents.intersection(range(i, i + size)) \
                        and toks[i].cap and toks[i + size - 1].pos_ == "PROPN":
                    hit = (i, i + size, text)
                    break
            if hit is not None:
                a, b = toks[hit[0]].idx, toks[hit[1] - 1].idx + len(toks[hit[1] - 1].text)
                if not any(x < b and a < y for x, y in taken):
                    ref = names[hit[2]]
                    out.append(dataclasses.replace(ref, text=hit[2], span=(a, b), label=None,
                                                   evidence="coreference",
                                                   confidence=round(min(ref.confidence, 0.7), 2)))
                    taken.append((a, b))
                    i = hit[1]
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


def _inner_demonyms(gaz: Gazetteer, span: Span) -> list[Entity]:
    """Demonyms leading a name or joined by hyphens: 'Georgian Interior Ministry',
    'British Waterways', 'Russian-American crew' (each part its country)."""
    parts, start = [], 0
    for k in range(len(span) + 1):
        if k == len(span) or span[k].text == "-":
            if start < k:
                parts.append(span[start:k])
            start = k + 1
    out = []
    if len(parts) > 1:  # 'Russian-American': every part a demonym
        for part in parts:
            iso = gaz.demonym_country(part.text)
            country = gaz.country(iso) if iso else None
            if country is None:
                return []
            out.append(_as_entity(part, "NORP", country, 0.8, "demonym", "modifier"))
        return out
    for size in (2, 1):  # the longest leading demonym: 'Sri Lankan President'
        if size < len(span):
            iso = gaz.demonym_country(span[:size].text)
            country = gaz.country(iso) if iso else None
            if country is not None:
                return [_as_entity(span[:size], "NORP", country, 0.8, "demonym", "modifier")]
    return []


def _as_entity(span: Span, label, place, confidence: float, evidence: str, role: str | None) -> Entity:
    return Entity(text=span.text, type="place", span=(span.start_char, span.end_char), label=label,
                  id=place.ref, name=place.name, lat=place.lat, lon=place.lon, country=place.country,
                  feature=place.feature, source="gazetteer", confidence=confidence, evidence=evidence,
                  role=role)
# What the outlet's home weighs: as much as one state the article names itself.
HOME_WEIGHT = 1.0
# A place smaller than this, named in a story, suggests the story is local to it.
_SMALL_PLACE = 50_000
# Candidates per name that support others' co-location (the largest first).
_SUPPORT_CANDIDATES = 40


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


def _plausible(m: Match, from_ner: bool, hinted: bool, setting: _Setting | None = None, name: str = "",
               label: str | None = None) -> bool:
    """Enough evidence for a grounding. A preposition-rule candidate (no NER
    place label) needs a place in the article's countries or a well-known place
    by its own name; any candidate needs context for a hamlet: the article's
    countries, its states, or places named close by."""
    if hinted or m.evidence in ("region", "nearby", "qualifier"):
        return True
    town = m.place.feature.startswith("P.")
    if m.in_context:
        key, cc = norm(name), m.place.country
        # 'Cisco' suing, 'Heathrow' the airport: a name whose namesakes all lie in one
        # country does not put itself there when it acts like an organisation, nor when it
        # alone implies that country and NER does not call it a place (GPE)
        blocked = setting is not None and (
            key in setting.implied_by.get(cc, ())
            or (key in setting.self_implied.get(cc, ()) and label != "GPE"))
        if not blocked:
            return True
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


# -- article context ---------------------------------------------------------------

def article_countries(
    doc: Doc, gaz: Gazetteer, candidates: list[Candidate], common_words: frozenset[str] = frozenset()
) -> dict[str, float]:
    """ISO2 → weight from the mentions that name a country without doubt."""
    return gaz.context_countries(article_mentions(doc, gaz, candidates, common_words), common_words)


def article_mentions(
    doc: Doc, gaz: Gazetteer, candidates: list[Candidate], common_words: frozenset[str] = frozenset(),
    ents: list[Span] | None = None,
) -> list[str]:
    """The texts that may name the article's countries (names, demonyms, capitals, states)."""
    ents = doc.ents if ents is None else ents
    mentions = [_trimmed_text(doc, e.start, e.end) for e in ents if e.label_ in CONTEXT_LABELS]
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


def person_names(doc: Doc, ents: list[Span] | None = None) -> set[str]:
    """Words of the multi-word PERSON names in the doc ('Fritz Henderson'):
    a lone 'Henderson' later is that person, not the town."""
    ents = doc.ents if ents is None else ents
    return {t.text for e in ents if e.label_ == "PERSON" and len(e) > 1 for t in e if t.text[:1].isupper()}


def _trimmed_text(doc: Doc, start: int, end: int) -> str:
    s, e = _trim(doc, start, end)
    return doc[s:e].text if s < e else ""
