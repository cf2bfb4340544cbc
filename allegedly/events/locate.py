"""Where and when an event happened, from the trigger's own clause.

Location: the object of in/at/from/near/… attached to the trigger (or to the
act it governs), or the place an attack takes ("retook the city"); "the city"
without a name refers back to the last town named. Not every place in the
sentence: "Sky News in London reported that X attacked Y in Aleppo" is Aleppo.

Date: the temporal expression attached to the trigger's clause, resolved
against the article date (``doc._.context.published``) by ``allegedly.dates``.
"""
from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from allegedly import dates
from allegedly.records import Entity, EventDate, Place

_LOC_PREPS = {"in", "at", "from", "near", "around", "outside", "inside", "across", "into", "on", "throughout", "within"}
_PLACE_NOUNS = {"city", "town", "village", "capital", "province", "region", "area", "district", "port",
                "country", "border", "stronghold", "camp", "base", "streets", "street"}
_PLACE_LABELS = {"GPE", "LOC", "FAC"}
_TAKE_PLACE = {"ASSAULT", "COERCE", "RETREAT", "PROTEST"}


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
    for e in places:
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


def _anaphor(noun: Token, places: list[Entity]) -> Place | None:
    """'the city' → the last populated place named before it."""
    if not any(c.lower_ == "the" for c in noun.lefts):
        return None
    before = [e for e in places if e.span[1] <= noun.idx and (not e.feature or str(e.feature).startswith("P"))]
    if before:
        return _as_place(before[-1])
    # without grounded places: the last proper noun named as a place (after in/at/from …) before it
    for tok in reversed(noun.doc[: noun.i]):
        if tok.pos_ == "PROPN" and tok.dep_ == "pobj" and tok.head.lower_ in _LOC_PREPS | {"of"}:
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


def locate(head: Token, event_type: str, related: list[Token], places: list[Entity]) -> Place | None:
    """The event's place: PPs on the trigger, then on the acts it governs/is governed by, then the object taken."""
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
    return None


# --- dates ---------------------------------------------------------------------------

def _clause_verb(tok: Token) -> Token:
    while tok.head.i != tok.i and tok.pos_ not in ("VERB", "AUX"):
        tok = tok.head
    return tok


def _dateline_span(doc) -> tuple[int, int] | None:
    ctx = doc._.context
    return ctx.dateline.span if ctx is not None and ctx.dateline is not None else None


def date_of(head: Token, related: list[Token], sent: Span, anchor: str | None,
            reference: str | None, future: bool = False) -> EventDate | None:
    """The temporal expression attached to the trigger's clause, resolved against the article date."""
    found = dates.find_date_expressions(sent.text)
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
            return dates.resolve(text, anchor, reference, future=future)
    return None
