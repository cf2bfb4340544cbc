"""Code PLOVER events from a parsed document: one event per trigger that is not part of another event.

Who did it and to whom is found in ``roles``; how the act is stated (governors,
negation, intent, reported speech) in ``modes``, whose docstring lists the rules.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from allegedly.events.actors import coordinated, entities_of, is_actorish, is_text_like
from allegedly.events.locate import date_of, locate, place_entities
from allegedly.events.modes import MUST, cues, governed_type, governor, report_verb, stated_type
from allegedly.events.ontology import cameo_root
from allegedly.events.roles import TERRITORIAL, Memory, asked, noun_actors, participants, recipients, subject, territories
from allegedly.events.triggers import Hit, find_triggers, lexicon
from allegedly.nlp.context import doc_text, line_bounds
from allegedly.records import Claim, Entity, Event, EventDate, Participant, Place
from allegedly.spans import overlapping

_INSTITUTION = {"GOV", "MIL", "MED", "JUD", "LEG", "OPP", "PTY", "BUS"}
_BASE_CONFIDENCE = {"verb": 0.65, "phrasal": 0.7, "object": 0.7, "light": 0.7, "noun": 0.5, "modal": 0.55}
_TEASER = re.compile(r"^\s*(?:also read|read more|read also|related|see also|more on this|watch)\s*[:|-]", re.I)
_TIME_NOUNS = {"day", "days", "week", "weeks", "month", "months", "year", "years", "decade", "decades", "hours"}
_LISTING = {"including", "include", "includes", "such", "like", "among"}
_ASKING = {"REQUEST", "REJECT", "ACCUSE", "THREATEN"}  # types whose governed clause names who is asked
_PERMITTING = {"allow", "permit", "let", "authorize", "authorise", "enable"}  # … names who is allowed


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


# --- one sentence -----------------------------------------------------------------------

def code_sentence(sent: Span, ents: list[Entity], places: list[Entity], anchor: str | None,
                  memory: Memory | None = None, reference: str | None = None) -> list[Coded]:
    memory = memory or Memory(ents)
    hits = [h for h in find_triggers(sent) if not _background(h) and not _noise_line(sent.doc, h.head.idx)]
    by_head = {h.head.i: h for h in hits}
    governed: dict[int, list[Hit]] = {}
    for h in hits:
        gov = governor(h, by_head)
        if gov is not None:
            governed.setdefault(gov.head.i, []).append(h)
    consumed = {x.head.i for subs in governed.values() for x in subs}
    consumed |= {s.i for h in hits for s in _event_subjects(h, by_head)}
    coded: list[Coded] = []
    for h in hits:
        if h.head.i in consumed:
            continue
        subj = subject(h.head) if h.kind != "noun" else []
        if subj and all(is_text_like(t) for t in subj):
            continue  # "These files discussed …", "The agreement called for …": content of a text, not an act
        coded.append(_code_hit(h, governed.get(h.head.i, []), governed, ents, places, anchor, reference, memory))
    _inherit_listed(coded)
    coded = [c for c in coded if not _bare_mention(c, hits)]
    # remember who acted, for the next sentences' pronouns: the main event's actors
    for c in sorted(coded, key=lambda c: c.hit.head.i):
        memory.seen.extend(p for p in c.actors + c.recipients if p.span)
    for c in sorted(coded, key=lambda c: c.depth):
        if c.actors and all(p.code or p.sector for p in c.actors):
            memory.last_actors = c.actors
            break
    return coded


def _event_subjects(h: Hit, by_head: dict[int, Hit]) -> list[Token]:
    """'Clashes between militias killed 55 people': the subject names the same act as the verb, so the
    two are one event, whose actors are the noun's ("rival militias"), not the noun itself."""
    if h.kind == "noun":
        return []
    return [s for s in h.head.children if s.dep_ == "nsubj" and s.i in by_head
            and by_head[s.i].kind == "noun" and by_head[s.i].type == h.type]


def _noise_line(doc, at: int) -> bool:
    """A teaser or an all-caps promo headline left in the body: not news, never an event.

    Cleaning should have removed them; this guard keeps the coder honest on text
    that was not cleaned (the parser merges such lines into the next sentence).
    The verdict is kept per line: a long line holds many triggers.
    """
    start, end = line_bounds(doc, at)
    verdicts = doc.user_data.setdefault("allegedly_noise_lines", {})
    if start not in verdicts:
        verdicts[start] = _is_noise(doc_text(doc)[start:end])
    return verdicts[start]


def _is_noise(line: str) -> bool:
    if _TEASER.match(line):
        return True
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 20 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def _background(h: Hit) -> bool:
    """'after months of occupation': a noun naming the backdrop, not an event of this sentence."""
    tok = h.head
    return h.kind == "noun" and tok.head.lower_ == "of" and tok.head.head.lower_ in _TIME_NOUNS


def _bare_mention(c: Coded, hits: list[Hit]) -> bool:
    """A trigger noun with neither actor nor recipient, in a sentence that states an act by a verb.

    "The trade agreement in question called for …": the noun names a thing the
    sentence talks about, already coded where it was told; the verb carries this
    sentence's act. Kept when no verb triggers in the sentence ("Ceasefire in
    Gaza") or when the noun governs the verb ("an arrangement to evacuate …").
    """
    if c.hit.kind != "noun" or c.actors or c.recipients:
        return False
    own = {t.i for t in c.tokens}
    return any(h.kind != "noun" and h.head.i not in own for h in hits)


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


def _code_hit(h: Hit, subs: list[Hit], governed: dict[int, list[Hit]], ents: list[Entity],
              places: list[Entity], anchor: str | None, reference: str | None, memory: Memory) -> Coded:
    tok = h.head
    related = [s.head for s in subs]
    for s in subs:  # two levels: "agreed to allow X to withdraw"
        related += [x.head for x in governed.get(s.head.i, [])]
    typ, mode, cameo = governed_type(h, subs[0]) if subs else (h.type, h.mode, h.cameo)
    words, negated = cues(h, related)
    reporter = report_verb(tok)
    actor_toks, recip_toks = _role_tokens(h, typ, subs, related, words, negated, reporter)
    actors = participants(actor_toks, ents, memory)
    if typ == "PROTEST" and h.mode == "demo" and h.kind in ("verb", "noun") and _institutional(actors):
        # an institution or a company 'protests' in words or files a protest, not in the street
        typ, mode, cameo = "ACCUSE", "disapprove", "11"
    typ, mode, cameo = stated_type(h, typ, mode, cameo, bool(subs), words, negated)
    recips = _others(participants(recip_toks, ents, memory), actors)
    types = {typ, h.type, *(s.type for s in subs)}
    if not recips and (types & TERRITORIAL or h.mode == "visit" and actors):
        # "imposed a curfew in Cizre", "withdraw its troops from Lebanon", a visitor's host
        recips = _others(participants(territories([tok, *related], "RETREAT" in types), ents, memory), actors)
    location = locate(tok, typ, related + ([tok.head] if h.kind == "noun" else []), places)
    date = date_of(tok, related, tok.sent, anchor, reference, future=mode == "intent")
    report_date = date_of(reporter, [], tok.sent, anchor, None) if reporter is not None else None
    return Coded(h, typ, mode, cameo_root(typ, cameo), actors, recips, location, date,
                 _confidence(h.kind, actors, recips, mode), _depth(tok), [tok, *related], report_date)


def _role_tokens(h: Hit, typ: str, subs: list[Hit], related: list[Token], words: set[str], negated: bool,
                 reporter: Token | None) -> tuple[list[Token], list[Token]]:
    """Actor and recipient tokens: the trigger's own, widened by the acts it governs."""
    tok = h.head
    if h.kind == "noun":
        actor_toks, recip_toks = noun_actors(tok, h.type)
    else:
        actor_toks, recip_toks = subject(tok), recipients(tok, h.type)
        if len(actor_toks) == 1 and actor_toks[0].dep_ == "nsubj" and actor_toks[0].head.i == tok.i and _names_act(actor_toks[0]):
            # "Clashes between rival militias killed …": the act's own actors; without any, PLOVER's
            # practice keeps the act as the source ("a roadside bombing killed …")
            actor_toks = noun_actors(actor_toks[0], _noun_type(actor_toks[0]))[0] or actor_toks
    # "demanded that the US cancel …"; "allowed candidate Ouattara to run"
    askers = [tok, *related] if typ in _ASKING else [t for t in [tok, *related] if t.lemma_.lower() in _PERMITTING]
    if askers:
        named = [x for t in askers for x in asked(t) if x not in actor_toks]
        recip_toks = named + [x for x in recip_toks if x not in named]
    by_type = {s.head.i: s.type for s in subs}
    for r in related:
        recip_toks += [x for x in recipients(r, by_type.get(r.i)) if x not in recip_toks and x not in actor_toks]
        if typ in ("REQUEST", "REJECT", "ACCUSE", "THREATEN") and r.dep_ in ("ccomp", "xcomp", "acl", "advcl"):
            # "demanded that Hamas renounce …": who is asked is the governed clause's subject
            own = [c for c in r.children if c.dep_ in ("nsubj", "nsubjpass") and is_actorish(c)]
            recip_toks = [x for o in own[:1] for x in coordinated(o)] + [x for x in recip_toks if x not in own]
    asks = h.kind == "modal" or (words & MUST and h.type not in ("REQUEST", "REJECT", "ACCUSE") and not negated)
    if asks and reporter is not None:
        # "Russia said that Sudan must return …": the speaker asks, the subject is asked
        return subject(reporter), actor_toks
    return actor_toks, recip_toks


def _names_act(tok: Token) -> bool:
    """A subject that is an event noun of the lexicon (clashes, bombing, explosion), not an actor."""
    from allegedly.events.actors import is_actorish

    lex = lexicon()
    return tok.pos_ == "NOUN" and not is_actorish(tok) and (tok.lemma_.lower() in lex.nouns or tok.lower_ in lex.nouns)


def _noun_type(tok: Token) -> str | None:
    lex = lexicon()
    entry = lex.nouns.get(tok.lemma_.lower()) or lex.nouns.get(tok.lower_)
    return entry[0] if entry else None


def _others(recips: list[Participant], actors: list[Participant]) -> list[Participant]:
    """Recipients that are not the actor again ("the company warned that it might …": 'it' is the company)."""
    return [p for p in recips if p not in actors and not any(p.text == a.text and p.code == a.code for a in actors)]


def _institutional(actors: list[Participant]) -> bool:
    return bool(actors) and all(a.sector in _INSTITUTION or a.code in ("IGO", "NGO")
                                or a.text.lower().endswith(("group", "organization", "ministry")) for a in actors)


def _confidence(kind: str, actors: list[Participant], recips: list[Participant], mode: str | None) -> float:
    named = 0.15 if actors and actors[0].code else 0.05 if actors else 0
    conf = _BASE_CONFIDENCE[kind] + named + (0.05 if recips else 0)
    conf -= 0.25 if mode == "negated" else 0
    return round(max(0.05, min(conf, 0.95)), 2)


# --- the document -----------------------------------------------------------------------

def _claim_of(start: int, claims: list[Claim]) -> int | None:
    best = None
    for i in overlapping(claims, start, start + 1):  # the claims holding ``start``
        c = claims[i]
        if best is None or (c.span[1] - c.span[0]) < (claims[best].span[1] - claims[best].span[0]):
            best = i  # the innermost claim holds the event
    return best


def code_doc(doc: Doc) -> list[Event]:
    ents = entities_of(doc)
    places = place_entities(doc)
    claims: list[Claim] = list(doc._.claims or [])
    ctx = doc._.context
    anchor = getattr(ctx, "published", None) if ctx is not None else None
    memory = Memory(ents)
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
