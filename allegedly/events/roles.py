"""Who did it and to whom: the actor and recipient tokens of a trigger, and what pronouns refer to.

The tokens come from the dependency parse; ``participants`` turns them into
coded ``Participant`` records, resolving "they", "the latter" and "the former"
through a ``Memory`` of the document's participants so far.

Recipients, in order of evidence (all generic rules over the parse):

- the object, the indirect object, or the object of to/with/against/on/upon …
  ("attacked X", "gave X aid", "aid to X"; passive subjects: "X was attacked");
- the owner of a thing the act is aimed at: "Serbia's suppression", "the
  Taliban religious faction", "calls by X", "weapons seized from X", and two
  nouns down for peoples and countries ("the offices of the Palestinian
  administrators"); whom that thing is aimed at ("a war against Iraq");
- who is asked or warned: the subject of a demanded clause or of an
  unless/if condition ("demanded that Hamas renounce …");
- when no actor is named, the territory an act is done to (curfews, attacks,
  withdrawals from, deployments in, a visitor's host): "a curfew in Cizre".

What is moved, given or trained is no recipient ("withdraw IS weapons"), and
what is given "from" someone comes from the giver.
"""
from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from allegedly.events.actors import _CALENDAR, coordinated, home_state, is_actorish, participant
from allegedly.events.triggers import lexicon
from allegedly.records import Entity, Participant

SUBJ = {"nsubj", "nsubjpass", "csubj"}
_RECIPIENT_PREPS = {"with", "against", "to", "on", "toward", "towards", "at", "upon", "into", "for", "between"}
_RELPRON = {"who", "which", "that", "whom"}
_PRONOUNS = {"they", "he", "she", "it", "we", "them"}
# Types whose direct object is what is moved, given or trained, not who receives it.
_DOBJ_IS_THING = {"RETREAT", "MOBILIZE", "COOPERATE"}
_GIVING = _DOBJ_IS_THING | {"AID", "SUPPORT", None}
# "undertook a mediation mission between Syria and the PLO": those the act on the object is aimed at
_OBJECT_PREPS = {"to", "for", "with", "against", "on", "into", "between"}
_PATIENT_OF = {"ASSAULT", "COERCE", "PROTEST", "ACCUSE", "SANCTION"}
# "US positions were shelled": harm done to a thing is done to its owner; "VoIP calls were allowed" is not
_HARMING = {"ASSAULT", "COERCE"}


def subject(tok: Token) -> list[Token]:
    """The subject(s) of the clause headed by tok, climbing xcomp/conj/acl links."""
    seen = 0
    while seen < 6:
        seen += 1
        subs = [c for c in tok.children if c.dep_ in ("nsubj", "csubj")]
        if not subs:
            passive = [c for c in tok.children if c.dep_ == "agent"]
            subs = [p for a in passive for p in a.children if p.dep_ == "pobj"]
        if subs:
            s = subs[0]
            if s.lower_ in _RELPRON and tok.dep_ == "relcl":
                return coordinated(tok.head)
            return coordinated(s)
        if tok.dep_ in ("xcomp", "conj", "advcl", "acl", "pcomp", "prep", "pobj", "dobj", "acomp") and tok.head.i != tok.i:
            if tok.head.lemma_.lower() in lexicon().report_verbs:
                return []
            if tok.dep_ == "acl" and tok.head.pos_ in ("NOUN", "PROPN") and is_actorish(tok.head):
                return coordinated(tok.head)
            tok = tok.head
            continue
        return []
    return []


_AIMED = ("against", "on", "to", "into")  # "a war against Iraq", "sanctions on Iran": whom a thing is aimed at


def _pobj_actors(prep: Token, depth: int = 0) -> list[Token]:
    """Actors named by a preposition's object, the owner of a thing named there, or whom that thing
    is aimed at ("reservists for a possible war against Iraq")."""
    out: list[Token] = []
    for q in prep.children:
        if q.dep_ != "pobj" or q.ent_type_ in ("DATE", "TIME"):
            continue
        if is_actorish(q):
            out += coordinated(q)
            continue
        found = owners(q)
        if not found and depth < 2:
            found = [p for r in q.children if r.dep_ == "prep" and r.lower_ in _AIMED for p in _pobj_actors(r, depth + 1)]
        out += found
    return out


_OWNER_DEPS = ("poss", "amod", "compound", "nmod")
_OWNER_PREPS = ("of", "by", "from")


def owners(noun: Token, depth: int = 0, via: tuple[str, ...] = _OWNER_PREPS) -> list[Token]:
    """Whose thing a non-actor noun is: "Serbia's suppression", "the Taliban religious faction",
    "Russian civilian advisers", "calls by Kofi Annan", "an offer from Afghanistan",
    "crimes committed by Croat forces", "the offices of the Palestinian administrators".
    The act aimed at the thing is aimed at its owner."""
    # below an "of" only a people or a country owns ("the collection of Mac software" is no one's)
    named = ("NORP", "GPE") if depth else ("NORP", "GPE", "ORG")
    mods = [o for o in noun.children if o.dep_ in _OWNER_DEPS and is_actorish(o)
            and (o.ent_type_ in named or not depth and (o.pos_ == "PROPN" or o.dep_ == "poss"))]
    if mods:
        return coordinated(mods[0])
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ in via:
            objs = [q for q in prep.children if q.dep_ == "pobj" and q.ent_type_ not in ("DATE", "TIME")]
            found = [p for q in objs if is_actorish(q) for p in coordinated(q)]
            if not found and prep.lower_ == "of" and depth < 2:  # "part of a Karen guerrilla stronghold"
                found = [p for q in objs for p in owners(q, depth + 1)]
            if found:
                return found
    for acl in noun.children:  # "violations committed by the army"
        if acl.dep_ == "acl":
            found = [p for a in acl.children if a.dep_ == "agent" for q in a.children
                     if q.dep_ == "pobj" and is_actorish(q) for p in coordinated(q)]
            if found:
                return found
    return []


def recipients(tok: Token, event_type: str | None = None) -> list[Token]:
    """Objects and with/against/to-phrases that name actors; what is moved or traded is not one."""
    out: list[Token] = []
    things = event_type in _DOBJ_IS_THING
    for c in tok.children:
        if (c.dep_ == "dobj" or c.dep_ == "nsubjpass" and event_type in _HARMING) and not is_actorish(c):
            # "rejected North Korea's demand", "US servicemen were killed": the object's owner;
            # not for what is moved ("withdraw IS weapons": IS withdraws, nobody receives)
            # what is given "from" or "by" someone comes from the giver ("received aid from the US")
            out += [] if things else owners(c, via=("of",) if event_type in _GIVING else _OWNER_PREPS)
            # "provide aid to Romania", "lift embargoes on Iran": the recipient hangs on the object
            # "confiscated weapons from armed groups": taken from them (what is given comes from the actor)
            preps = _OBJECT_PREPS | ({"from"} if event_type not in _GIVING else set())
            for prep in c.children:
                if prep.dep_ == "prep" and prep.lower_ in preps:
                    out += _pobj_actors(prep)
        if c.dep_ in ("dobj", "nsubjpass") and things and c.pos_ != "PROPN":
            continue
        if c.dep_ in ("dobj", "dative", "iobj", "nsubjpass") and is_actorish(c) and c.pos_ != "PRON" or (
            c.dep_ in ("dobj", "nsubjpass", "dative") and c.pos_ == "PRON" and c.lower_ in ("them", "him", "her", "us")
        ):
            out += coordinated(c)
        elif (c.dep_ == "prep" or c.dep_ == "dative" and c.pos_ == "ADP") and (
                c.lower_ in _RECIPIENT_PREPS
                # "seized weapons from rebels"; on a noun "from" is where it came from ("attacks from Gaza")
                or c.lower_ == "from" and event_type not in _GIVING and tok.pos_ in ("VERB", "AUX")
                # of a harm or a protest, "of" names who suffers it ("the arrest of activists")
                or c.lower_ == "of" and event_type in _PATIENT_OF and tok.pos_ == "NOUN"):
            # "to Macedonia" is often parsed as a dative; "against Sweden's decision": its owner
            out += _pobj_actors(c)
    return out


_CONDITION_MARKS = {"unless", "if", "until"}


def asked(tok: Token, depth: int = 0) -> list[Token]:
    """Who is asked or warned: "demanded that Hamas renounce …", "threatened … unless Israel rescinded …".

    The subject of the clause the trigger governs. When the parser broke that clause
    ("that the US cancel plans" with 'cancel' as a compound), the first actor between
    the clause's marker and its head stands in.
    """
    for c in tok.children:
        marks = {m.lower_ for m in c.children if m.dep_ == "mark"}
        if not (c.dep_ in ("ccomp", "xcomp") or c.dep_ == "advcl" and marks & _CONDITION_MARKS):
            continue
        own = [s for s in c.children if s.dep_ in ("nsubj", "nsubjpass") and is_actorish(s) and s.lower_ != "it"]
        if own:
            return coordinated(own[0])
        if c.dep_ == "ccomp" and marks and not any(s.dep_ in SUBJ for s in c.children):
            left = [t for t in c.subtree if t.i < c.i and t.dep_ != "mark"]
            named = [t for t in left if t.pos_ == "PROPN" and is_actorish(t)]
            if named:
                return named[-1:]
        if c.dep_ == "xcomp" and depth < 2:  # "threatened to stop talks if the US goes ahead"
            deeper = asked(c, depth + 1)
            if deeper:
                return deeper
    return []


_TERRITORY_PREPS = {"in", "from", "into", "to", "on", "inside", "throughout", "across"}
# Acts done to a territory: restrictions imposed on it (or lifted), forces withdrawn from or
# deployed in it, attacks and cut-offs aimed at it, visits to it. Their target is the place's
# people and government, as in PLOVER/CAMEO practice (a visit's target is its host, CAMEO 042);
# a meeting or protest held somewhere is not aimed at the place.
TERRITORIAL = {"COERCE", "CONCEDE", "RETREAT", "MOBILIZE", "ASSAULT", "SANCTION", "THREATEN"}


def _is_territory(tok: Token) -> bool:
    return tok.ent_type_ in ("GPE", "LOC") and tok.pos_ == "PROPN" and tok.ent_type_ != "DATE"


def territories(heads: list[Token], away: bool = False) -> list[Token]:
    """Places the act is done in or to, or (``away``: a withdrawal) from: on the trigger, the acts
    it governs, or their objects. Otherwise "from" is where the act came from ("attacks from Gaza")."""
    preps = _TERRITORY_PREPS if away else _TERRITORY_PREPS - {"from"}
    # "threatened to resume attacks in Israel": the infinitive the trigger governs
    heads = heads + [c for h in heads for c in h.children if c.dep_ == "xcomp" and c not in heads]
    for head in heads:
        holders = [head, *(c for c in head.children if c.dep_ in ("dobj", "nsubjpass") and _carries_act(c))]
        # "(announced) the withdrawal of its troops from Chad": what a noun act is of
        holders += [p for h in holders if h.pos_ == "NOUN" for c in h.children if c.dep_ == "prep" and c.lower_ == "of"
                    for p in c.children if p.dep_ == "pobj" and _carries_act(p)]
        for h in holders:
            for prep in h.children:
                if prep.dep_ not in ("prep", "dative") or prep.lower_ not in preps:
                    continue
                found = [p for q in prep.children if q.dep_ == "pobj" for p in _place_of(q)]
                if found:
                    return found
    return []


def _carries_act(obj: Token) -> bool:
    """Whether a place hanging on the object is the act's target: "imposed a curfew in Cizre",
    "withdraw its troops from Lebanon", "resume attacks in Israel". When the object is itself a
    place or a thing at one, the PP only says where it is ("attacked a military base in Somalia":
    the base is hit, Somalia is the location)."""
    from allegedly.events.sense import senses

    return obj.lemma_.lower() not in senses().get("place_nouns", frozenset())


def _place_of(pobj: Token) -> list[Token]:
    """'Lebanon', 'the West Bank', 'the town of Cizre', 'Montenegro province'."""
    if _is_territory(pobj):
        return coordinated(pobj)
    for prep in pobj.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            inner = [q for q in prep.children if q.dep_ == "pobj" and _is_territory(q)]
            if inner:
                return inner[:1]
    comps = [c for c in pobj.children if c.dep_ == "compound" and _is_territory(c)]
    return comps[:1]


def noun_actors(noun: Token, event_type: str | None = None) -> tuple[list[Token], list[Token]]:
    """Actors of a bare noun trigger: possessor, 'between X and Y', or the clause subject.

    Of a harm or a protest, "of" names who suffers it ("the arrest of activists", "in
    protest of the government's refusal"); of a withdrawal, who withdraws.
    """
    poss = [c for c in noun.children if c.dep_ == "poss"]
    between = [p for c in noun.children if c.dep_ == "prep" and c.lower_ == "between" for p in c.children if p.dep_ == "pobj"]
    recips = recipients(noun, event_type)
    amod = [c for c in noun.children if c.dep_ in ("amod", "compound") and is_actorish(c) and c.pos_ != "NOUN"]
    # "a protest by Boeing", "the withdrawal of Serbian forces began": the agent hangs on the noun;
    # under a verb, "of" yields to the clause ("the US speeded up the withdrawal of its forces")
    of_agent = event_type in ("RETREAT", "MOBILIZE") and noun.dep_ in SUBJ
    agent_preps = ("by", "of") if of_agent else ("by",)
    agents = [q for c in noun.children if c.dep_ == "prep" and c.lower_ in agent_preps
              for q in c.children if q.dep_ == "pobj" and is_actorish(q)]
    if between:
        return coordinated(between[0]), recips
    if poss:
        return coordinated(poss[0]), recips
    if agents:
        return coordinated(agents[0]), [r for r in recips if r not in coordinated(agents[0])]
    if amod:
        return amod[:1], recips
    if noun.dep_ in SUBJ:
        return [], recips
    head = noun.head
    while head.head.i != head.i and head.pos_ not in ("VERB", "AUX"):
        head = head.head
    # "gave the Ivory Coast $5 million of aid": the verb's indirect object receives the noun's act
    recips += [p for d in head.children if d.dep_ in ("dative", "iobj") and is_actorish(d) for p in coordinated(d)]
    if head.lemma_.lower() in lexicon().report_verbs or _speaks_of(head):
        # "Officials attributed the blast to a car bomb": they speak of the act, they did not do it
        return [], recips
    return subject(head), recips


def _speaks_of(verb: Token) -> bool:
    from allegedly.events.sense import senses

    return verb.lemma_.lower() in senses().get("statement_verbs", frozenset())


class Memory:
    """Participants named so far, for 'they', 'the latter', 'the former'."""

    def __init__(self, ents: list[Entity] | None = None) -> None:
        self.ents = ents or []
        self.last_actors: list[Participant] = []
        self.seen: list[Participant] = []

    def resolve(self, tok: Token, part: Participant) -> list[Participant]:
        low = part.text.lower()
        if tok.lower_ in _PRONOUNS and tok.pos_ == "PRON":
            speaker = _speaker_of(tok)
            if speaker is not None:  # "Fijian rebels said they will release …"
                return [replace(participant(s, self.ents), span=part.span) for s in coordinated(speaker)]
            return [replace(p, span=part.span) for p in self.last_actors] or [part]
        latter = low in ("latter", "the latter")
        if latter or low in ("former", "the former"):
            named = _named_before(tok)
            pick = named[-1] if latter and named else named[-2] if len(named) >= 2 else None
            if pick is not None:
                return [replace(participant(pick, self.ents), span=part.span)]
            # not named in this sentence: the participants of earlier sentences
            back = 1 if latter else 2
            if len(self.seen) >= back:
                before = [p for p in self.seen if p.span and p.span[0] < (part.span or (0, 0))[0]]
                return [replace(before[-back], span=part.span)] if len(before) >= back else [part]
        if part.code is None and part.sector in ("GOV", "MIL") and len(low.removeprefix("the ").split()) == 1:
            home = home_state(self.ents)  # "collusion between IS and the regime"
            if home is not None:
                return [replace(part, code=home)]
        return [part]


def _speaker_of(pron: Token) -> Token | None:
    """A pronoun subject of a reported clause refers to the reporting subject, if it is named."""
    clause = pron.head
    if pron.dep_ not in ("nsubj", "nsubjpass") or clause.dep_ != "ccomp":
        return None
    subs = [c for c in clause.head.children if c.dep_ == "nsubj" and c.pos_ != "PRON" and is_actorish(c)]
    if not subs or (pron.lower_ in ("he", "she") and subs[0].ent_type_ not in ("PERSON", "")):
        return None
    if pron.lower_ in ("they", "we") and subs[0].tag_ not in ("NNS", "NNPS") and subs[0].ent_type_ != "NORP" and not subs[0].conjuncts:
        return None  # 'they' needs a plural antecedent
    return subs[0]


def _named_before(tok: Token) -> list[Token]:
    """Actor-like noun heads before tok in its sentence, in order (for 'the latter')."""
    out = []
    for t in tok.sent:
        if t.i >= tok.i:
            break
        if t.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "conj", "appos") and t.pos_ in ("NOUN", "PROPN") and is_actorish(t):
            out.append(t)
    return out


def participants(toks: list[Token], ents: list[Entity], memory: Memory) -> list[Participant]:
    """Coded participants for the tokens, pronouns resolved, each phrase once."""
    out: list[Participant] = []
    from allegedly.events.actors import dateline_span

    dateline = dateline_span(toks[0].doc) if toks else None
    for tok in toks:
        if dateline is not None and dateline[0] <= tok.idx < dateline[1]:
            continue  # "TRIPOLI, Libya (AP) -": the dateline names the reporter's place, no participant
        of_phrase = any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children)  # "tens of thousands of …"
        if not of_phrase and (tok.like_num or tok.ent_type_ in ("DATE", "TIME", "CARDINAL") or tok.lower_ in _CALENDAR):
            continue  # "In August, …" parsed as a subject is no actor
        for p in memory.resolve(tok, participant(tok, ents)):
            if not any(q.span == p.span and q.text == p.text for q in out):
                out.append(p)
    return out
