"""Does a violent trigger mean violence here? Checks of its object and subject.

Business and everyday English borrow the words of war: a deal is "killed", a
company "taken over", a contract "fought for", a plan "executed", workers
"fired", plants "closed"; machines "take over" and a crashed flight "killed 102
people". None of these is an ASSAULT, COERCE or THREATEN. The checks are
generic, over the parse and the entity layer, with small word lists kept in
``allegedly/data/plover_triggers.json`` (section ``senses``):

- an abstract or business object (deal, plan, bill, market …) takes the violence
  out of a violent verb; so do premises (plant, factory, store …) unless the verb
  is one of force (``force_verbs``: attack, bomb, loot …), and a company as object
  unless an actor that is no company (hackers, militants) does it;
- an accident, a disaster, a vehicle, a market or a company as subject is no
  attacker, and harm that follows an accident verb ("crashed …, killing 228
  people") is no attack;
- verbs of firing a weapon (``weapon_verbs``) are violent only without an
  object or with a weapon object: "fired a missile", not "fired 12% of its
  executives";
- ``place_object_phrasal`` ("take over") is a seizure only of a place;
- a thing that "strikes" or "hits" (``impact_verbs``) collides: "the winglet
  struck the hangar"; a weapon or an act still strikes ("a rocket hit …");
- "fighting to stem off a crash" (``strive_verbs`` with a to-infinitive) is an
  effort, unless what it strives for is itself violent or done to a place or people;
- a thing that "threatens" is a risk, not a threat; a mass noun ("demand") is
  a trigger only when counted.
"""
from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Token

from allegedly.events.triggers import LEXICON_PATH, Hit
from allegedly.nlp.context import entities_overlapping

VIOLENT = {"ASSAULT", "COERCE"}  # a boycott of elections or a blocked deal is still a protest
_RELPRON = {"that", "which", "who", "whom"}
_PLACE_LABELS = {"GPE", "LOC", "FAC"}
_AGENTIVE = ("er", "ers", "or", "ors", "ist", "ists", "man", "men", "ant", "ants")


@lru_cache(maxsize=1)
def senses() -> dict[str, frozenset[str]]:
    import json

    raw = json.loads(LEXICON_PATH.read_text("utf-8")).get("senses", {})
    return {k: frozenset(v) for k, v in raw.items() if isinstance(v, list)}


def _lemma(tok: Token) -> str:
    return tok.lemma_.lower()


def _antecedent(tok: Token) -> Token:
    """'one that is executed' → 'one' → 'the process' (the subject of 'would be one')."""
    if tok.lower_ in _RELPRON and tok.head.dep_ == "relcl":
        tok = tok.head.head
        if tok.dep_ == "attr":
            subj = [c for c in tok.head.children if c.dep_ == "nsubj"]
            if subj:
                return subj[0]
    return tok


def _objects(verb: Token) -> list[Token]:
    objs = [_antecedent(c) for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    return objs + [c for o in objs for c in o.conjuncts]


def _subjects(verb: Token) -> list[Token]:
    """The clause's subjects; a participle or infinitive without its own takes its head's
    ("The jetliner crashed …, killing all 228 people")."""
    for _ in range(3):
        subs = [c for c in verb.children if c.dep_ == "nsubj"]
        subs += [p for a in verb.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj"]
        own = subs or any(c.dep_ in ("nsubjpass", "expl", "mark") for c in verb.children)
        if own or verb.dep_ not in ("advcl", "xcomp", "conj") or verb.head.i == verb.i:
            return [_antecedent(s) for s in subs]
        verb = verb.head
    return []


def _after_accident(verb: Token) -> bool:
    """'crashed into the Atlantic, killing all 228 people': harm that follows an accident."""
    accidents = senses().get("accident_verbs", frozenset())
    for _ in range(2):
        if verb.dep_ not in ("advcl", "conj", "xcomp") or verb.head.i == verb.i:
            return False
        verb = verb.head
        if _lemma(verb) in accidents:
            return True
    return False


def _entity_type(tok: Token) -> str | None:
    for e in entities_overlapping(tok.doc, tok.idx, tok.idx + 1):
        return e.type
    return None


def _words(tok: Token) -> set[str]:
    """The head word and its compounds ("Adam Air Flight", "bid protest"), and what a share is of."""
    words = {_lemma(tok), tok.lower_}
    words |= {_lemma(c) for c in tok.children if c.dep_ in ("compound", "amod")}
    if tok.like_num or tok.ent_type_ in ("PERCENT", "CARDINAL") or tok.lower_ in ("%", "percent", "some", "all"):
        words |= {w for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                  for p in c.children if p.dep_ == "pobj" for w in _words(p)}
    return words


def inert_object(obj: Token) -> bool:
    """A thing no one is hurt by hitting: abstract or business nouns."""
    return bool(_words(obj) & senses().get("inert_objects", frozenset()))


def inert_subject(subj: Token) -> bool:
    """An accident, a disaster, a vehicle or a machine: no attacker."""
    # the head word only: "Adam Air Flight 574" is a flight, a "car bomb" is a bomb
    return bool({_lemma(subj), subj.lower_} & senses().get("inert_subjects", frozenset()))


def _is_place(obj: Token) -> bool:
    return obj.ent_type_ in _PLACE_LABELS or _entity_type(obj) == "place" or (
        _lemma(obj) in senses().get("place_nouns", frozenset()))


def fits(hit: Hit) -> bool:
    """Whether a verb trigger of a violent type keeps its violent sense in this clause."""
    if hit.kind not in ("verb", "phrasal", "object") or hit.type not in VIOLENT:
        return True
    tok = hit.head
    s = senses()
    objs = _objects(tok)
    lemma = _lemma(tok)
    if lemma in s.get("weapon_verbs", frozenset()) and hit.kind == "verb":
        # "fired on the crowd", "troops fired": a weapon; "fired 500 workers": a dismissal
        if any(not (_words(o) & s.get("weapon_objects", frozenset())) for o in objs):
            return False
    if hit.kind == "phrasal" and f"{lemma} {hit.tokens[-1].lower_}" in s.get("place_object_phrasal", frozenset()):
        if not objs or not any(_is_place(o) for o in objs):
            return False  # "took over the airport" is a seizure; "took over Aer Lingus", "machines took over" are not
    if hit.kind != "object" and any(inert_object(o) for o in objs):
        return False  # a verb–object pair the lexicon lists ("launched military operations") decided already
    if lemma not in s.get("force_verbs", frozenset()) and any(_words(o) & s.get("premises", frozenset()) for o in objs):
        return False  # "closed 14 plants" is business; "militants attacked the plant" is not
    subjects = _subjects(tok)
    if any(_entity_type(o) == "company" for o in objs) and not any(
        _entity_type(x) not in ("company", None) or x.lower_.endswith(_AGENTIVE) for x in subjects
    ):
        return False  # "took over Aer Lingus" is business; "hackers attacked Sony" is still an attack
    if any(inert_subject(x) or _entity_type(x) == "company" for x in subjects):
        return False  # a crashed flight, a market index, a company: no attacker, no coercer
    if _after_accident(tok):
        return False
    if lemma in s.get("strive_verbs", frozenset()) and not objs and any(_effort(c) for c in tok.children):
        return False
    weapons = s.get("weapon_objects", frozenset())
    if lemma in s.get("impact_verbs", frozenset()) and any(_thing(x) for x in subjects) and not any(
            _words(o) & weapons for o in objs):  # "the truck hit a landmine" is still an explosion
        return False  # "the left winglet struck the side of the hangar": an impact, not an attack
    return True


def _effort(clause: Token) -> bool:
    """'fighting to stem off a crash': a to-infinitive aim that is neither violent nor aimed at a
    place or people ('fought to retake the town', 'fought to protect civilians' stay violent)."""
    from allegedly.events.actors import is_actorish
    from allegedly.events.triggers import lexicon

    if clause.dep_ != "xcomp" or not any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children):
        return False
    if (lexicon().verbs.get(_lemma(clause)) or [None])[0] in VIOLENT:
        return False
    aims = [c for c in clause.children if c.dep_ == "dobj"]
    return not any(_is_place(a) or is_actorish(a) for a in aims)


def _thing(subj: Token) -> bool:
    """A common noun that is neither an actor, nor a weapon, nor an act ("a rocket struck", "the attack hit")."""
    from allegedly.events.actors import is_actorish
    from allegedly.events.triggers import lexicon

    if subj.pos_ != "NOUN" or is_actorish(subj) or subj.lower_.endswith(_AGENTIVE):
        return False  # "snipers", "attackers", "gunmen": people, even when no sector list names them
    lemma = _lemma(subj)
    return lemma not in senses().get("weapon_objects", frozenset()) and lemma not in lexicon().nouns and (
        subj.lower_ not in lexicon().nouns)


def threat_fits(hit: Hit) -> bool:
    """'this threatens the recovery', 'the storm threatens the coast': a risk, not an actor's threat."""
    if hit.kind != "verb" or hit.type != "THREATEN":
        return True
    s = senses()
    things = s.get("inert_subjects", frozenset()) | s.get("inert_objects", frozenset())
    if any(x.lower_ in ("this", "that", "which", "what") or _lemma(x) in things for x in _subjects(hit.head)):
        return False
    return not any(_assessment(c) for c in hit.head.children if c.dep_ == "ccomp")


def _assessment(clause: Token) -> bool:
    """'warned that talk of a recovery might be premature': a judgement, not an act the speaker will do.
    A warned clause is a threat when someone is to act in it ("warned that police will no longer tolerate …")."""
    from allegedly.events.actors import is_actorish

    subs = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")]
    copular = _lemma(clause) == "be" or any(c.dep_ == "acomp" for c in clause.children)
    return copular or bool(subs) and not any(is_actorish(x) for x in subs)


def counted(tok: Token) -> bool:
    """A mass noun names a trigger only when counted: "a demand", "their demands", not "in line with demand"."""
    if tok.lemma_.lower() not in senses().get("mass_nouns", frozenset()) or tok.tag_ == "NNS":
        return True
    return any(c.dep_ in ("det", "poss", "compound", "amod", "nummod") for c in tok.children)
