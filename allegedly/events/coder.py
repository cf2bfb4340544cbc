"""Code PLOVER events from a parsed document.

One event per trigger that is not part of another event. Decisions, all
generic rules over the dependency parse:

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

import re
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span, Token

from allegedly.events.actors import coordinated, entities_of, is_actorish, is_document, participant
from allegedly.events.locate import date_of, locate, place_entities
from allegedly.events.ontology import cameo_root
from allegedly.events.triggers import Hit, find_triggers, lexicon
from allegedly.records import Claim, Entity, Event, EventDate, Participant, Place

COOPERATIVE = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"}
CONFLICT = {"ASSAULT", "COERCE", "SANCTION", "PROTEST", "MOBILIZE", "THREATEN"}
_INSTITUTION = {"GOV", "MIL", "MED", "JUD", "LEG", "OPP", "PTY"}
MATERIAL_CONFLICT = {"ASSAULT", "COERCE", "MOBILIZE", "SANCTION"}
_FUTURE_AUX = {"will", "would", "shall", "'ll"}
_WILLING = {"ready", "willing", "prepared", "committed", "determined", "eager", "keen"}
_MUST = {"must", "should"}
_RECIPIENT_PREPS = {"with", "against", "to", "on", "toward", "towards", "at", "upon", "into", "for", "between"}
_SUBJ = {"nsubj", "nsubjpass", "csubj"}
_RELPRON = {"who", "which", "that", "whom"}
_PRONOUNS = {"they", "he", "she", "it", "we", "them"}
# Types whose direct object is what is moved, given or trained, not who receives it.
_DOBJ_IS_THING = {"RETREAT", "MOBILIZE", "COOPERATE"}


@dataclass
class Coded:
    """An event before it is tied to a claim; ``depth`` ranks the sentence's main event."""

    hit: Hit
    type: str
    mode: str | None
    cameo: str | None
    actors: list[Participant]
    recipients: list[Participant]
    location: Place | None
    date: EventDate | None
    confidence: float
    depth: int
    tokens: list[Token] = field(default_factory=list)
    report_date: EventDate | None = None


def _depth(tok: Token) -> int:
    d = 0
    while tok.head.i != tok.i and d < 50:
        tok, d = tok.head, d + 1
    return d


def _negated(tok: Token) -> bool:
    return any(c.dep_ == "neg" or c.lower_ in ("never", "no") and c.dep_ in ("advmod", "det") for c in tok.children)


def _aux_words(tok: Token) -> set[str]:
    words = {c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass")}
    if tok.dep_ in ("xcomp", "acomp") and tok.head.lemma_.lower() in _WILLING:
        words.add("ready")
    head = tok.head
    if tok.dep_ == "xcomp" and head.lower_ in _WILLING | {"able"}:
        words.add("ready")
    if tok.dep_ == "xcomp" and any(c.lower_ in _WILLING for c in head.children if c.dep_ == "acomp"):
        words.add("ready")
    return words


# --- governance: which trigger an act belongs to ----------------------------------------

def _governor(hit: Hit, by_head: dict[int, Hit]) -> Hit | None:
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
            if dep == "advcl" and (any(c.dep_ in _SUBJ for c in tok.children) or other.kind == "noun"):
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


def _governed_type(gov: Hit, sub: Hit) -> tuple[str, str | None, str | None]:
    if gov.kind in ("modal", "noun"):
        return gov.type, gov.mode, gov.cameo
    lemma = gov.head.lemma_.lower()
    imposed = lexicon().governors.get(lemma)
    if imposed and gov.kind == "verb":
        typ = _imposed(imposed, sub.type)
        if typ != gov.type:
            return typ, sub.mode if typ == sub.type else None, cameo_root(typ)
    return gov.type, gov.mode, gov.cameo


def _infinitive_advcl(tok: Token) -> bool:
    """'sworn to fight' parsed as an adverbial clause: a 'to'-infinitive without its own subject."""
    return tok.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children) and not any(
        c.dep_ in _SUBJ for c in tok.children)


def _outer_governor(tok: Token) -> tuple[str, bool] | None:
    """A governing verb that is no trigger itself: 'failed to reach', 'prepared to resume'."""
    lex = lexicon()
    steps = 0
    while (tok.dep_ in ("xcomp", "acomp") or _infinitive_advcl(tok)) and tok.head.i != tok.i and steps < 3:
        steps += 1
        parent = tok.head
        imposed = lex.governors.get(parent.lemma_.lower())
        if imposed:
            return imposed, _negated(parent)
        tok = parent
    return None


# --- participants -----------------------------------------------------------------------

def _subject(tok: Token) -> list[Token]:
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


def _recipients(tok: Token, event_type: str | None = None) -> list[Token]:
    """Objects and with/against/to-phrases that name actors; what is moved or traded is not one."""
    out: list[Token] = []
    things = event_type in _DOBJ_IS_THING
    for c in tok.children:
        if c.dep_ == "dobj" and not is_actorish(c):
            # "rejected North Korea's demand", "denounced Serbia's suppression": the object's owner
            owners = [o for o in c.children if o.dep_ in ("poss", "amod", "compound") and is_actorish(o)
                      and (o.pos_ == "PROPN" or o.ent_type_ in ("NORP", "GPE", "ORG") or o.dep_ == "poss")]
            out += [p for o in owners[:1] for p in coordinated(o)]
            for prep in c.children:  # "the withdrawal of Serbian forces"
                if prep.dep_ == "prep" and prep.lower_ == "of":
                    out += [p for q in prep.children if q.dep_ == "pobj" and is_actorish(q) for p in coordinated(q)]
            # "provide aid to Romania", "lift embargoes on Iran": the recipient hangs on the object
            for prep in c.children:
                if prep.dep_ == "prep" and prep.lower_ in ("to", "for", "with", "against", "on"):
                    out += [p for q in prep.children if q.dep_ == "pobj" and is_actorish(q) for p in coordinated(q)]
        if c.dep_ in ("dobj", "nsubjpass") and things and c.pos_ != "PROPN":
            continue
        if c.dep_ in ("dobj", "dative", "iobj", "nsubjpass") and is_actorish(c) and c.pos_ != "PRON" or (
            c.dep_ in ("dobj", "nsubjpass", "dative") and c.pos_ == "PRON" and c.lower_ in ("them", "him", "her", "us")
        ):
            out += coordinated(c)
        elif c.dep_ == "prep" and c.lower_ in _RECIPIENT_PREPS:
            for p in c.children:
                if p.dep_ == "pobj" and is_actorish(p) and p.ent_type_ not in ("DATE", "TIME"):
                    out += coordinated(p)
    return out


def _noun_actors(noun: Token) -> tuple[list[Token], list[Token]]:
    """Actors of a bare noun trigger: possessor, 'between X and Y', or the clause subject."""
    poss = [c for c in noun.children if c.dep_ == "poss"]
    between = [p for c in noun.children if c.dep_ == "prep" and c.lower_ == "between" for p in c.children if p.dep_ == "pobj"]
    recips = _recipients(noun)
    amod = [c for c in noun.children if c.dep_ in ("amod", "compound") and is_actorish(c) and c.pos_ != "NOUN"]
    if between:
        return coordinated(between[0]), recips
    if poss:
        return coordinated(poss[0]), recips
    if amod:
        return amod[:1], recips
    head = noun.head
    if noun.dep_ in _SUBJ:
        return [], recips
    lex = lexicon()
    while head.head.i != head.i and head.pos_ not in ("VERB", "AUX"):
        head = head.head
    if head.lemma_.lower() in lex.report_verbs:
        return [], recips
    return _subject(head), recips


class _Memory:
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
        if low in ("latter", "the latter", "former", "the former"):
            named = _named_before(tok)
            pick = named[-1] if "latter" in low and named else named[-2] if len(named) >= 2 else None
            if pick is not None:
                return [replace(participant(pick, self.ents), span=part.span)]
        if low in ("latter", "the latter") and self.seen:
            before = [p for p in self.seen if p.span and p.span[0] < (part.span or (0, 0))[0]]
            return [replace(before[-1], span=part.span)] if before else [part]
        if low in ("former", "the former") and len(self.seen) >= 2:
            before = [p for p in self.seen if p.span and p.span[0] < (part.span or (0, 0))[0]]
            return [replace(before[-2], span=part.span)] if len(before) >= 2 else [part]
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


def _participants(toks: list[Token], ents: list[Entity], memory: _Memory) -> list[Participant]:
    out: list[Participant] = []
    for tok in toks:
        of_phrase = any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children)  # "tens of thousands of …"
        if not of_phrase and (tok.like_num or tok.ent_type_ in ("DATE", "TIME", "CARDINAL") or tok.lower_ in _CALENDAR_WORDS):
            continue  # "In August, …" parsed as a subject is no actor
        for p in memory.resolve(tok, participant(tok, ents)):
            if not any(q.span == p.span and q.text == p.text for q in out):
                out.append(p)
    return out


# --- one sentence -----------------------------------------------------------------------

def code_sentence(sent: Span, ents: list[Entity], places: list[Entity], anchor: str | None,
                  memory: _Memory | None = None, reference: str | None = None) -> list[Coded]:
    memory = memory or _Memory(ents)
    hits = [h for h in find_triggers(sent) if not _background(h) and not _noise_line(sent.doc.text, h.head.idx)]
    by_head = {h.head.i: h for h in hits}
    governed: dict[int, list[Hit]] = {}
    for h in hits:
        gov = _governor(h, by_head)
        if gov is not None:
            governed.setdefault(gov.head.i, []).append(h)
    consumed = {x.head.i for subs in governed.values() for x in subs}
    coded: list[Coded] = []
    for h in hits:
        if h.head.i in consumed:
            continue
        if h.kind != "noun" and any(is_document(t) for t in _subject(h.head)):
            continue  # "These files discussed an operation": content of a document, not an act
        coded.append(_code_hit(h, governed.get(h.head.i, []), governed, ents, places, anchor, reference, memory))
    _inherit_listed(coded)
    # remember who acted, for the next sentences' pronouns: the main event's actors
    for c in sorted(coded, key=lambda c: c.hit.head.i):
        memory.seen.extend(p for p in c.actors + c.recipients if p.span)
    for c in sorted(coded, key=lambda c: c.depth):
        if c.actors and all(p.code or p.sector for p in c.actors):
            memory.last_actors = c.actors
            break
    return coded


_TEASER = re.compile(r"^\s*(?:also read|read more|read also|related|see also|more on this|watch)\s*[:|-]", re.I)


def _noise_line(text: str, at: int) -> bool:
    """A teaser or an all-caps promo headline left in the body: not news, never an event.

    Cleaning should have removed them; this guard keeps the coder honest on text
    that was not cleaned (the parser merges such lines into the next sentence).
    """
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    line = text[start : end if end >= 0 else len(text)]
    if _TEASER.match(line):
        return True
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 20 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


_CALENDAR_WORDS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
                   "february", "march", "april", "may", "june", "july", "august", "september", "october",
                   "november", "december", "today", "yesterday", "tomorrow"}
_TIME_NOUNS = {"day", "days", "week", "weeks", "month", "months", "year", "years", "decade", "decades", "hours"}
_LISTING = {"including", "include", "includes", "such", "like", "among"}


def _background(h: Hit) -> bool:
    """'after months of occupation': a noun naming the backdrop, not an event of this sentence."""
    tok = h.head
    return h.kind == "noun" and tok.head.lower_ == "of" and tok.head.head.lower_ in _TIME_NOUNS


def _inherit_listed(coded: list[Coded]) -> None:
    """'X and Y coordinated …, including a trade deal': the listed noun takes the clause's actors."""
    verbs = [c for c in coded if c.hit.kind != "noun" and c.actors]
    for c in coded:
        if c.hit.kind != "noun" or c.actors:
            continue
        tok = c.hit.head
        chain = [tok.head, tok.head.head] if tok.dep_ in ("pobj", "conj") else []
        if tok.dep_ == "conj":
            chain += [tok.head.head.head]
        if not any(t.lower_ in _LISTING for t in chain):
            continue
        before = [v for v in verbs if v.hit.head.i < tok.i]
        if before:
            c.actors = list(before[-1].actors)


def _code_hit(h: Hit, subs: list[Hit], governed: dict[int, list[Hit]], ents, places, anchor, reference,
              memory: _Memory) -> Coded:
    typ, mode, cameo = h.type, h.mode, h.cameo
    related = [s.head for s in subs]
    by_type = {s.head.i: s.type for s in subs}
    for s in subs:  # two levels: "agreed to allow X to withdraw"
        related += [x.head for x in governed.get(s.head.i, [])]
    if subs:
        typ, mode, cameo = _governed_type(h, subs[0])
    tok = h.head
    words = _aux_words(tok)
    negated = _negated(tok) or any(_negated(r) for r in related if r.dep_ != "xcomp")
    if h.kind == "noun":
        actor_toks, recip_toks = _noun_actors(tok)
        verb = tok.head
        negated = negated or (verb.pos_ in ("VERB", "AUX") and _negated(verb) and tok.dep_ in ("dobj", "attr"))
        words |= _aux_words(verb) if tok.dep_ in ("dobj", "attr") else set()
    else:
        actor_toks, recip_toks = _subject(tok), _recipients(tok, h.type)
        if tok.dep_ == "amod" and tok.head.pos_ in ("NOUN", "PROPN"):
            actor_toks = actor_toks or []
    for r in related:
        recip_toks += [x for x in _recipients(r, by_type.get(r.i)) if x not in recip_toks and x not in actor_toks]
        if typ in ("REQUEST", "REJECT", "ACCUSE", "THREATEN") and r.dep_ in ("ccomp", "xcomp", "acl", "advcl"):
            # "demanded that Hamas renounce …": who is asked is the governed clause's subject
            own = [c for c in r.children if c.dep_ in ("nsubj", "nsubjpass") and is_actorish(c)]
            recip_toks = [x for o in own[:1] for x in coordinated(o)] + [x for x in recip_toks if x not in own]
    if h.kind == "modal" or (words & _MUST and h.type not in ("REQUEST", "REJECT", "ACCUSE") and not negated):
        # "Russia said that Sudan must return …": the speaker asks, the subject is asked
        reporter = _report_verb(tok)
        if reporter is not None:
            recip_toks = actor_toks
            actor_toks = _subject(reporter)
    outer = _outer_governor(tok) if h.kind != "noun" else None
    if outer is None and h.kind == "light":
        outer = None
    if outer is not None:
        imposed, outer_neg = outer
        new = _imposed(imposed, typ)
        if outer_neg and new == "AGREE":
            new, negated = "REJECT", False
        if new != typ:
            typ, mode, cameo, subs = new, None, cameo_root(new), subs or [h]
    typ, mode = _statement(typ, mode, h, words, negated)
    cameo = cameo if typ == h.type or subs else cameo_root(typ)
    if typ != h.type and not subs:
        cameo = cameo_root(typ)
    actors = _participants(actor_toks, ents, memory)
    if typ == "PROTEST" and h.kind == "verb" and actors and all(
        a.sector in _INSTITUTION or a.code in ("IGO", "NGO") or a.text.lower().endswith(("group", "organization", "ministry")) for a in actors
    ):
        typ, mode, cameo = "ACCUSE", "disapprove", "11"  # an institution 'protests' in words, not in the street
    recipients = [p for p in _participants(recip_toks, ents, memory) if p not in actors]
    location = locate(tok, typ, related + ([tok.head] if h.kind == "noun" else []), places)
    date = date_of(tok, related, tok.sent, anchor, reference, future=mode == "intent")
    reporter = _report_verb(tok)
    report_date = date_of(reporter, [], tok.sent, anchor, None) if reporter is not None else None
    base = {"verb": 0.65, "phrasal": 0.7, "object": 0.7, "light": 0.7, "noun": 0.5, "modal": 0.55}[h.kind]
    conf = base + (0.15 if actors and actors[0].code else 0.05 if actors else 0) + (0.05 if recipients else 0)
    conf -= 0.25 if mode == "negated" else 0
    return Coded(h, typ, mode, cameo_root(typ, cameo), actors, recipients, location, date,
                 round(max(0.05, min(conf, 0.95)), 2), _depth(tok), [tok, *related], report_date)


def _report_verb(tok: Token) -> Token | None:
    """The report verb whose content holds the trigger ('…, Sky News reported on Monday')."""
    report = lexicon().report_verbs
    steps = 0
    while tok.head.i != tok.i and steps < 6:
        tok, steps = tok.head, steps + 1
        if tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in report:
            return tok
    return None


def _statement(typ: str, mode: str | None, h: Hit, words: set[str], negated: bool) -> tuple[str, str | None]:
    """Negation, intent and obligation change the type or mode (see the module doc)."""
    if negated:
        if typ in COOPERATIVE:
            return "REJECT", "negated"
        if typ == "REJECT":
            return typ, "negated"
        return typ, "negated"
    marks = {m.lower_ for c in h.head.children if c.dep_ == "advcl" for m in c.children if m.dep_ == "mark"}
    if marks & {"unless", "if"} and words & (_FUTURE_AUX | {"may", "might", "could"}) and typ not in ("REQUEST", "ACCUSE"):
        # "will withdraw … unless" is a threat; "would meet … if" is a conditional offer
        if "unless" in marks or typ not in COOPERATIVE:
            return "THREATEN", None
        return "AGREE", "intent"
    if words & _MUST and typ not in ("REQUEST", "REJECT", "ACCUSE"):
        return "REQUEST", mode
    if words & (_FUTURE_AUX | {"ready"}):
        if typ in COOPERATIVE - {"AGREE"}:
            return "AGREE", "intent"
        if typ in CONFLICT - {"THREATEN", "MOBILIZE", "SANCTION"}:
            return "THREATEN", "intent"
    return typ, mode


# --- the document -----------------------------------------------------------------------

def _claim_of(start: int, claims: list[Claim]) -> int | None:
    best = None
    for i, c in enumerate(claims):
        if c.span[0] <= start < c.span[1]:
            if best is None or (c.span[1] - c.span[0]) < (claims[best].span[1] - claims[best].span[0]):
                best = i  # the innermost claim holds the event
    return best


def code_doc(doc: Doc) -> list[Event]:
    ents = entities_of(doc)
    places = place_entities(doc)
    claims: list[Claim] = list(doc._.claims or [])
    ctx = doc._.context
    anchor = getattr(ctx, "published", None) if ctx is not None else None
    memory = _Memory(ents)
    events: list[Event] = []
    reference = None
    for sent in doc.sents:
        for c in sorted(code_sentence(sent, ents, places, anchor, memory, reference), key=lambda c: c.hit.head.i):
            events.append(to_event(c, claims))
            if c.date and c.date.iso and c.date.precision == "day":
                reference = c.date.iso
    return events


def to_event(c: Coded, claims: list[Claim]) -> Event:
    start = c.hit.char_span[0]
    toks = sorted(c.tokens, key=lambda t: t.i)
    span = (min(start, toks[0].idx), max(c.hit.char_span[1], toks[-1].idx + len(toks[-1].text)))
    idx = _claim_of(start, claims)
    return Event(
        type=c.type,
        cameo_root=c.cameo,
        span=span,
        mode=c.mode,
        actor=c.actors,
        recipient=c.recipients,
        location=c.location,
        date=c.date,
        claim=idx,
        status=claims[idx].status if idx is not None else None,
        trigger=c.hit.text if not c.tokens[1:] else " … ".join([c.hit.text, *(t.text for t in c.tokens[1:])]),
        confidence=c.confidence,
        report_date=c.report_date,
    )
