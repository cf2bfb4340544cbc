"""Where and when an event happened, from the trigger's own clause.

Location: the object of in/at/from/near/… attached to the trigger (or to the
act it governs), or the place an attack takes ("retook the city"); "the city"
without a name refers back to the last town named. Not every place in the
sentence: "Sky News in London reported that X attacked Y in Aleppo" is Aleppo.
For acts done on the ground, a gazetteer place where the target is ("attacked a
military base in Somalia", "fired a missile at a ship in the Red Sea", "clashes
between militias in Tripoli") is the location too. The dateline's town is never
what "the town" refers back to.

Date: the temporal expression attached to the trigger's clause, resolved
against the article date (``doc._.context.published``) by ``allegedly.dates``;
forward when the clause is about what will happen (``looks_ahead``).
"""
from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from allegedly import dates
from allegedly.records import Entity, EventDate, Place
from allegedly.spans import overlapping

_LOC_PREPS = {"in", "at", "from", "near", "around", "outside", "inside", "across", "into", "on", "throughout", "within"}
_PLACE_NOUNS = {"city", "town", "village", "capital", "province", "region", "area", "district", "port",
                "country", "border", "stronghold", "camp", "base", "streets", "street"}
_TOWN_NOUNS = {"city", "town", "village", "capital", "port"}
_PLACE_LABELS = {"GPE", "LOC", "FAC"}
_TAKE_PLACE = {"ASSAULT", "COERCE", "RETREAT", "PROTEST"}
# Acts done where their target is; a statement's place is where it was made, not where its topic is.
_ON_THE_GROUND = _TAKE_PLACE | {"MOBILIZE", "THREATEN", "AID", "SANCTION"}


def place_entities(doc: Doc) -> list[Entity]:
    return [e for e in (doc._.entities or []) if e.type == "place"]


def _as_place(e: Entity) -> Place:
    gid = None
    if e.id and e.id.startswith("geonames:"):
        try:
            gid = int(e.id.split(":", 1)[1])
        except ValueError:
            gid = None
    return Place(text=e.text, geonames_id=gid, lat=e.lat, lon=e.lon, country=e.country)


def _entity_at(tok: Token, places: list[Entity]) -> Entity | None:
    for e in (places[k] for k in overlapping(places, tok.idx, tok.idx + max(1, len(tok.text)))):
        if e.span[0] <= tok.idx < e.span[1] or (tok.idx <= e.span[0] < tok.idx + len(tok.text)):
            return e
    return None


def _name_in(pobj: Token, places: list[Entity]) -> Place | None:
    """A place named by pobj: a grounded entity, an NER place, a 'city of X', or a proper noun."""
    for tok in [pobj, *pobj.conjuncts]:
        ent = _entity_at(tok, places)
        if ent:
            return _as_place(ent)
    if pobj.lower_ in _PLACE_NOUNS:
        for prep in pobj.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                inner = [c for c in prep.children if c.dep_ == "pobj"]
                if inner:
                    return _name_in(inner[0], places)
        for comp in pobj.lefts:  # "Raqqa province"
            if comp.dep_ == "compound" and comp.pos_ == "PROPN":
                return _name_in(comp, places)
        return _anaphor(pobj, places)
    if pobj.ent_type_ in _PLACE_LABELS or (pobj.pos_ == "PROPN" and pobj.ent_type_ not in ("PERSON", "ORG", "NORP", "DATE")):
        ent = pobj.doc[pobj.left_edge.i : pobj.i + 1]
        start = next((t.i for t in ent if t.pos_ == "PROPN" or t.ent_type_), pobj.i)
        return Place(text=pobj.doc[start : pobj.i + 1].text)
    if pobj.pos_ == "PROPN" and pobj.ent_type_ == "PERSON" and (pobj.head.lower_ in _LOC_PREPS or pobj.head.lower_ == "of" and pobj.head.head.lower_ in _PLACE_NOUNS):
        # NER often calls small towns persons ("Palmyra"); after "in/from" it is a place
        return Place(text=pobj.text)
    return None


def _town(e: Entity, doc: Doc) -> bool:
    """A populated place; ungrounded, one the parser calls a GPE (not "the Atlantic Ocean")."""
    if e.feature:
        return str(e.feature).startswith("P")
    span = doc.char_span(e.span[0], e.span[1], alignment_mode="expand")
    return span is not None and span.root.ent_type_ == "GPE"


def _anaphor(noun: Token, places: list[Entity]) -> Place | None:
    """'the city' → the last populated place named before it, never the dateline's.

    Only words for a town refer back to one: "the base" or "the border" is not the
    last city named, and the dateline names where the reporter sat.
    """
    if not any(c.lower_ == "the" for c in noun.lefts) or noun.lower_ not in _TOWN_NOUNS:
        return None
    dateline = _dateline_span(noun.doc)
    after = dateline[1] if dateline else 0
    before = [e for e in places if after <= e.span[0] and e.span[1] <= noun.idx and _town(e, noun.doc)]
    if before:
        return _as_place(before[-1])
    # without grounded places: the last proper noun named as a place (after in/at/from …) before it
    for tok in reversed(noun.doc[: noun.i]):
        if tok.idx < after:
            break
        if tok.pos_ == "PROPN" and tok.dep_ == "pobj" and tok.head.lower_ in _LOC_PREPS | {"of"} and (
                tok.ent_type_ in ("", "GPE")):
            if tok.head.lower_ != "of" or tok.head.head.lower_ in _PLACE_NOUNS:
                return Place(text=tok.text)
    return None


def _pp_places(head: Token, places: list[Entity]) -> Place | None:
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ in _LOC_PREPS:
            objs = [c for c in child.children if c.dep_ == "pobj"]
            # "from in and around Palmyra": the preposition chain goes deeper
            objs += [g for c in child.children if c.dep_ in ("prep", "pcomp", "conj") for g in c.subtree if g.dep_ == "pobj"]
            for pobj in objs:
                found = _name_in(pobj, places)
                if found:
                    return found
    return None


_WHERE = {"in", "at", "near", "around", "outside", "inside", "off", "within", "throughout"}
# Arguments whose own place is the event's: the target ("a base in Somalia"), what a missile
# is fired at ("a ship in the Red Sea"), who clashed ("between militias in Tripoli").
_ARG_DEPS = {"dobj", "nsubjpass", "dative", "attr"}
_ARG_PREPS = {"at", "on", "against", "into", "toward", "towards", "between", "of", "upon"}


def _grounded(pobj: Token, places: list[Entity]) -> Place | None:
    for tok in [pobj, *pobj.conjuncts]:
        ent = _entity_at(tok, places)
        if ent:
            return _as_place(ent)
    return None


def _inner_place(noun: Token, places: list[Entity], depth: int = 0) -> Place | None:
    """A grounded place in a PP hanging on an argument of the act, at most two nouns down.

    Only grounded places count this deep: a proper noun after "in" on an argument
    may be anything ("a deal in principle"), a gazetteer place is a place.
    """
    for prep in noun.children:
        if prep.dep_ != "prep":
            continue
        objs = [c for c in prep.children if c.dep_ == "pobj"]
        if prep.lower_ in _WHERE:
            for pobj in objs:
                found = _grounded(pobj, places)
                if found:
                    return found
        if depth < 2 and prep.lower_ in _WHERE | _ARG_PREPS:
            for pobj in objs:
                found = _inner_place(pobj, places, depth + 1)
                if found:
                    return found
    return None


def _arguments(tok: Token) -> list[Token]:
    """The target, what the act is aimed at, and a subject that is no actor but an event ("Clashes … killed")."""
    from allegedly.events.actors import is_actorish

    out = [c for c in tok.children if c.dep_ in _ARG_DEPS]
    out += [p for c in tok.children if c.dep_ == "prep" and c.lower_ in _ARG_PREPS for p in c.children if p.dep_ == "pobj"]
    out += [c for c in tok.children if c.dep_ == "nsubj" and c.pos_ == "NOUN" and not is_actorish(c)]
    return out


def locate(head: Token, event_type: str, related: list[Token], places: list[Entity]) -> Place | None:
    """The event's place: PPs on the trigger, then on the acts it governs/is governed by, then the object taken,
    then a grounded place where the act's target or event subject is ("attacked a base in Somalia")."""
    for tok in [head, *related]:
        found = _pp_places(tok, places)
        if found:
            return found
    if event_type in _TAKE_PLACE:
        for tok in [head, *related]:
            for child in tok.children:
                if child.dep_ in ("dobj", "nsubjpass"):
                    found = _name_in(child, places) if (child.lower_ in _PLACE_NOUNS or child.ent_type_ in _PLACE_LABELS or _entity_at(child, places)) else None
                    if found:
                        return found
    if event_type not in _ON_THE_GROUND:
        return None  # "blamed losses on fears of a recession in the US": a statement is not where its topic is
    for tok in [head, *related]:
        nouns = [tok] if tok.pos_ in ("NOUN", "PROPN") else []
        for arg in nouns + _arguments(tok):
            found = _inner_place(arg, places)
            if found:
                return found
    return None


# --- dates ---------------------------------------------------------------------------

def _clause_verb(tok: Token) -> Token:
    while tok.head.i != tok.i and tok.pos_ not in ("VERB", "AUX"):
        tok = tok.head
    return tok


def _dateline_span(doc) -> tuple[int, int] | None:
    ctx = doc._.context
    return ctx.dateline.span if ctx is not None and ctx.dateline is not None else None


_FUTURE_AUX = {"will", "shall", "'ll", "wo"}
# Verbs whose clause, or the clause they govern, lies ahead: "plans to open on …", "rescheduled for …"
_AHEAD = {"plan", "schedule", "reschedule", "postpone", "intend", "aim", "expect", "prepare", "hope"}


def looks_ahead(verb: Token) -> bool:
    """Is the clause of ``verb`` about what will happen?

    Future auxiliaries on the verb or on the clause it depends on ("… will wear the
    livery when it arrives on November 11"), or a scheduling verb ("was rescheduled
    for November 17", "plans to open on …"). A past-tense verb on the way up ends
    the search: "said it arrived on November 2" is past.
    """
    tok = verb
    for _ in range(4):
        if any(c.dep_ in ("aux", "auxpass") and c.lower_ in _FUTURE_AUX for c in tok.children):
            return True
        if tok.lemma_.lower() in _AHEAD or any(c.dep_ == "acomp" and c.lower_ == "due" for c in tok.children):
            return True
        if tok.tag_ == "VBD" or tok.dep_ not in ("advcl", "xcomp", "conj", "relcl", "acl") or tok.head.i == tok.i:
            return False
        tok = tok.head
    return False


def date_of(head: Token, related: list[Token], sent: Span, anchor: str | None,
            reference: str | None, future: bool = False) -> EventDate | None:
    """The temporal expression attached to the trigger's clause, resolved against the article date.

    A clause about what will happen resolves a year-less date forward (the next
    November 11), any other back (the last one), so an article of 2005-11-05
    announcing an arrival "on November 11" dates it 2005-11-11, not 2004.
    """
    cache = sent.doc.user_data.setdefault("allegedly_date_exprs", {})  # a sentence holds many events
    if sent.start not in cache:
        cache[sent.start] = dates.find_date_expressions(sent.text)
    found = cache[sent.start]
    if not found:
        return None
    clause = {_clause_verb(head).i, head.i, *(t.i for t in related)}
    doc = sent.doc
    dateline = _dateline_span(doc)
    for text, start, end in found:
        char = sent.start_char + start
        if dateline and dateline[0] <= char < dateline[1]:
            continue  # the dateline dates the report, never the event
        span = doc.char_span(char, sent.start_char + end, alignment_mode="expand")
        if span is None:
            continue
        root = span.root
        verb = _clause_verb(root.head if root.dep_ in ("pobj", "npadvmod", "tmod") or root.head.dep_ == "prep" else root)
        if verb.i in clause:
            return dates.resolve(text, anchor, reference, future=future or looks_ahead(verb))
    return None


# --- fallbacks: every event gets a date and, where the article names one, a place ------------

class Fallback:
    """Where and when for an event whose own clause names neither.

    Date: the publication (or dateline) date, with precision "publication". Place, in
    order: the nearest grounded place of the event's sentence ("sentence"), the dateline's
    place ("dateline"), the place the article names most ("article"). An own place phrase
    that the gazetteer did not ground takes the coordinates of the same name grounded
    elsewhere in the article.
    """

    def __init__(self, date: EventDate | None, places: list[Entity], dateline: Entity | None,
                 article: Entity | None, dateline_span: tuple[int, int] | None = None):
        self.date = date
        # the dateline says where the reporter sat: never the "nearest place" of an event
        self._places = [e for e in places if not dateline_span or not dateline_span[0] <= e.span[0] < dateline_span[1]]
        self._dateline = dateline
        self._article = article

    def place(self, tok: Token) -> tuple[Place | None, str | None]:
        sent = tok.sent
        inside = [e for e in self._places if sent.start_char <= e.span[0] < sent.end_char]
        grounded = [e for e in inside if e.lat is not None] or inside
        if grounded:
            near = min(grounded, key=lambda e: abs(e.span[0] - tok.idx))
            return _as_place(near), "sentence"
        if self._dateline is not None:
            return _as_place(self._dateline), "dateline"
        if self._article is not None:
            return _as_place(self._article), "article"
        return None, None

    def ground(self, place: Place) -> Place:
        if place.lat is not None:
            return place
        same = next((e for e in self._places if e.lat is not None and e.text.lower() == place.text.lower()), None)
        return _as_place(same) if same else place


def where_and_when(doc: Doc, places: list[Entity]) -> Fallback:
    ctx = doc._.context
    published = getattr(ctx, "published", None) if ctx is not None else None
    iso = str(published)[:10] if published else None
    date = EventDate(iso=iso, text=None, precision="publication") if iso else None
    grounded = [e for e in places if e.lat is not None]
    dateline = None
    span = _dateline_span(doc)
    name = ctx.dateline.place if ctx is not None and ctx.dateline is not None else None
    if name:  # the dateline's own town ("KABUL, Afghanistan" is Kabul), else any place in it
        dateline = next((e for e in grounded if e.text.lower() == name.lower()), None)
    if dateline is None and span:
        dateline = next((e for e in grounded if span[0] <= e.span[0] < span[1]), None)
    if span:
        grounded = [e for e in grounded if not span[0] <= e.span[0] < span[1]]
    counts: dict[str, int] = {}
    for e in grounded:
        counts[e.id or e.text] = counts.get(e.id or e.text, 0) + 1
    article = max(grounded, key=lambda e: (counts[e.id or e.text], -e.span[0])) if grounded else None
    return Fallback(date, places, dateline, article, span)
