"""How an act is stated: which trigger governs it, and what negation, intent and report verbs do to it.

Decisions, all generic rules over the dependency parse:

- Reported speech is never an event: report verbs (say, report, tell, reveal,
  according to …) are not triggers; "Sky News reported that X attacked Y"
  gives ASSAULT X→Y only, and the claim that holds it carries the chain.
- A governor decides the type of the act it governs: "agreed to withdraw" is
  AGREE, "refused to meet" REJECT, "demanded their withdrawal" REQUEST,
  "trained fighters to attack" MOBILIZE; the governed act supplies recipient
  and place.
- Intent: a cooperative act stated as future or willingness ("will provide
  aid", "ready to host") is AGREE (PLOVER codes promises as AGREE) with mode
  ``intent``; a conflictual act so stated ("will attack") is THREATEN.
  "X must do Y" is REQUEST.
- Negation: a negated cooperative act ("did not agree", "will not accept") is
  REJECT with mode ``negated``. A negated conflict act ("did not attack") is
  kept with its type and mode ``negated`` and low confidence, so it can be
  filtered out, never silently exported as if it happened.
"""
from __future__ import annotations

from spacy.tokens import Token

from allegedly.events.ontology import cameo_root
from allegedly.events.roles import SUBJ
from allegedly.events.triggers import Hit, lexicon

COOPERATIVE = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"}
CONFLICT = {"ASSAULT", "COERCE", "SANCTION", "PROTEST", "MOBILIZE", "THREATEN"}
MUST = {"must", "should"}
_FUTURE_AUX = {"will", "would", "shall", "'ll"}
_WILLING = {"ready", "willing", "prepared", "committed", "determined", "eager", "keen"}


def is_negated(tok: Token) -> bool:
    return any(c.dep_ == "neg" or c.lower_ in ("never", "no") and c.dep_ in ("advmod", "det") for c in tok.children)


def _aux_words(tok: Token) -> set[str]:
    """The auxiliaries of tok; 'ready' stands for any word of willingness it depends on."""
    words = {c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass")}
    head = tok.head
    if tok.dep_ in ("xcomp", "acomp") and head.lemma_.lower() in _WILLING or tok.dep_ == "xcomp" and (
        head.lower_ in _WILLING | {"able"} or any(c.lower_ in _WILLING for c in head.children if c.dep_ == "acomp")
    ):
        words.add("ready")
    return words


def cues(h: Hit, related: list[Token]) -> tuple[set[str], bool]:
    """The trigger's auxiliary words and whether it is negated; a noun takes its verb's."""
    tok = h.head
    words = _aux_words(tok)
    negated = is_negated(tok) or any(is_negated(r) for r in related if r.dep_ != "xcomp")
    if h.kind == "noun" and tok.dep_ in ("dobj", "attr"):
        verb = tok.head
        negated = negated or (verb.pos_ in ("VERB", "AUX") and is_negated(verb))
        words |= _aux_words(verb)
    return words, negated


def report_verb(tok: Token) -> Token | None:
    """The report verb whose content holds the trigger ('…, Sky News reported on Monday')."""
    report = lexicon().report_verbs
    steps = 0
    while tok.head.i != tok.i and steps < 6:
        tok, steps = tok.head, steps + 1
        if tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in report:
            return tok
    return None


# --- governance: which trigger an act belongs to ----------------------------------------

def governor(hit: Hit, by_head: dict[int, Hit]) -> Hit | None:
    """The trigger that governs this one (xcomp/acl/ccomp/dobj/pobj chain), if any."""
    lex = lexicon()
    tok = hit.head
    steps = 0
    while tok.head.i != tok.i and steps < 4:
        dep = tok.dep_
        parent = tok.head
        steps += 1
        if dep not in ("xcomp", "acl", "ccomp", "dobj", "pobj", "prep", "pcomp", "advcl", "attr", "oprd"):
            return None
        other = by_head.get(parent.i)
        if other is not None and other is not hit:
            if dep == "advcl" and (any(c.dep_ in SUBJ for c in tok.children) or other.kind == "noun"):
                return None  # an adverbial clause with its own subject is its own event
            if dep == "ccomp" and parent.lemma_.lower() not in lex.governors:
                return None
            if other.kind == "noun" and dep in ("pobj", "prep"):
                return None  # "a deal on withdrawal": two things, not one governing
            return other
        if dep == "ccomp":  # "reiterated its demand that Israel ease …": the clause fills the noun
            for obj in parent.children:
                noun = by_head.get(obj.i)
                if obj.dep_ == "dobj" and noun is not None and noun.kind == "noun" and obj.lemma_.lower() in lex.governors:
                    return noun
        if parent.lemma_.lower() in lex.report_verbs:
            return None
        tok = parent
    return None


def _imposed(imposed: str, sub_type: str) -> str:
    """The type a governor gives the act it governs; INTENT depends on the act."""
    if imposed != "INTENT":
        return imposed
    if sub_type in COOPERATIVE:
        return "AGREE"
    if sub_type in CONFLICT:
        return "THREATEN"
    return sub_type


def governed_type(gov: Hit, sub: Hit) -> tuple[str, str | None, str | None]:
    """Type, mode and CAMEO root of a trigger that governs ``sub``."""
    if gov.kind in ("modal", "noun"):
        return gov.type, gov.mode, gov.cameo
    imposed = lexicon().governors.get(gov.head.lemma_.lower())
    if imposed and gov.kind == "verb":
        typ = _imposed(imposed, sub.type)
        if typ != gov.type:
            return typ, sub.mode if typ == sub.type else None, cameo_root(typ)
    return gov.type, gov.mode, gov.cameo


def _infinitive_advcl(tok: Token) -> bool:
    """'sworn to fight' parsed as an adverbial clause: a 'to'-infinitive without its own subject."""
    return tok.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children) and not any(
        c.dep_ in SUBJ for c in tok.children)


def _outer_governor(tok: Token) -> tuple[str, bool] | None:
    """A governing verb that is no trigger itself: 'failed to reach', 'prepared to resume'."""
    lex = lexicon()
    steps = 0
    while (tok.dep_ in ("xcomp", "acomp") or _infinitive_advcl(tok)) and tok.head.i != tok.i and steps < 3:
        steps += 1
        parent = tok.head
        imposed = lex.governors.get(parent.lemma_.lower())
        if imposed:
            return imposed, is_negated(parent)
        tok = parent
    return None


# --- the stated type --------------------------------------------------------------------

def stated_type(h: Hit, typ: str, mode: str | None, cameo: str | None, governed: bool, words: set[str],
                negated: bool) -> tuple[str, str | None, str | None]:
    """Type, mode and CAMEO root once an outer governor, negation, intent and obligation apply."""
    outer = _outer_governor(h.head) if h.kind != "noun" else None
    if outer is not None:
        imposed, outer_neg = outer
        new = _imposed(imposed, typ)
        if outer_neg and new == "AGREE":
            new, negated = "REJECT", False
        if new != typ:
            typ, mode, cameo, governed = new, None, cameo_root(new), True
    stated, mode = _statement(typ, mode, h, words, negated)
    if stated != typ:  # negation, intent or obligation changed the type: its own CAMEO root
        return stated, mode, cameo_root(stated)
    return typ, mode, cameo if typ == h.type or governed else cameo_root(typ)


def _statement(typ: str, mode: str | None, h: Hit, words: set[str], negated: bool) -> tuple[str, str | None]:
    """Negation, intent and obligation change the type or mode (see the module doc)."""
    if negated:
        return ("REJECT" if typ in COOPERATIVE else typ), "negated"
    marks = {m.lower_ for c in h.head.children if c.dep_ == "advcl" for m in c.children if m.dep_ == "mark"}
    if marks & {"unless", "if"} and words & (_FUTURE_AUX | {"may", "might", "could"}) and typ not in ("REQUEST", "ACCUSE"):
        # "will withdraw … unless" is a threat; "would meet … if" is a conditional offer
        if "unless" in marks or typ not in COOPERATIVE:
            return "THREATEN", None
        return "AGREE", "intent"
    if words & MUST and typ not in ("REQUEST", "REJECT", "ACCUSE"):
        return "REQUEST", mode
    if words & (_FUTURE_AUX | {"ready"}):
        if typ in COOPERATIVE - {"AGREE"}:
            return "AGREE", "intent"
        if typ in CONFLICT - {"THREATEN", "MOBILIZE", "SANCTION"}:
            return "THREATEN", "intent"
    return typ, mode
