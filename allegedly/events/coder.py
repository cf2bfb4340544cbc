"""Code PLOVER events from a parsed document: one event per trigger that is not part of another event.

Who did it and to whom is found in ``roles``; how the act is stated (governors,
negation, intent, reported speech) in ``modes``, whose docstring lists the rules.
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from allegedly.events.actors import coordinated, entities_of, is_actorish, is_text_like, sentence_country
from allegedly.events.locate import Fallback, date_of, locate, place_entities, where_and_when
from allegedly.events.modes import MUST, cues, governed_type, governor, report_verb, stated_type
from allegedly.events import happenings, salience
from allegedly.events.calibration import calibrated
from allegedly.events.ontology import CAMEO_ROOT as CAMEO_TYPES, STATEMENT_MODES, cameo_root
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
    bonus: float = 0.0  # salience the sentence gives it beyond its type and depth (``salience``)


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
    # "sworn to fight until they gain control of villages": the goal of an act, not an act of its own
    consumed |= {h.head.i for h in hits if h.head.dep_ == "advcl" and len(hits) > 1
                 and any(c.dep_ == "mark" and c.lower_ == "until" for c in h.head.children)}
    coded: list[Coded] = []
    for h in hits:
        if h.head.i in consumed:
            continue
        subj = subject(h.head) if h.kind != "noun" else []
        if subj and all(is_text_like(t) for t in subj):
            continue  # "These files discussed …", "The agreement called for …": content of a text, not an act
        coded.append(_code_hit(h, governed.get(h.head.i, []), governed, ents, places, anchor, reference, memory))
    coded += _accused_acts(hits, governed, coded, ents, places, anchor, reference, memory)
    _inherit_listed(coded)
    coded = [c for c in coded if not _bare_mention(c, hits)]
    _happenings(sent, coded, places, anchor, reference)
    _protest_behind_force(sent, coded, places, anchor, reference)
    _transfer(coded)
    _swap(sent, coded, places, anchor, reference)
    # remember who acted, for the next sentences' pronouns: the main event's actors
    for c in sorted(coded, key=lambda c: c.hit.head.i):
        memory.seen.extend(p for p in c.actors + c.recipients if p.span)
    for c in sorted(coded, key=lambda c: c.depth):
        if c.actors and all(p.code or p.sector for p in c.actors):
            memory.last_actors = c.actors
            break
    return coded


def _bare(tok: Token, typ: str, mode: str | None, places: list[Entity], anchor: str | None,
          reference: str | None) -> Coded:
    """An event named by one word whose roles the coder does not know (a landslide, the protest
    that police dispersed): place and date from its clause."""
    h = Hit(tok, typ, mode, cameo_root(typ) if typ in CAMEO_TYPES else None, (tok,), "noun")
    location = locate(tok, typ, [tok.head], places)
    date = date_of(tok, [tok.head], tok.sent, anchor, reference)
    return Coded(h, typ, mode, h.cameo, [], [], location, date, _BASE_CONFIDENCE["noun"], _depth(tok), [tok])


def _happenings(sent: Span, coded: list[Coded], places: list[Entity], anchor: str | None,
                reference: str | None) -> None:
    """Accidents, disasters, epidemics: typed OTHER, never ASSAULT/PROTEST/COERCE (``happenings``)."""
    for c in coded:  # "the strikes targeted army positions": an air strike, not a labour strike
        if c.type == "PROTEST" and c.hit.kind == "noun" and c.hit.head.lemma_.lower() == "strike" and (
                len(c.hit.tokens) == 1 and happenings.attack_cue(sent, political=False)):
            c.type, c.mode, c.cameo = "ASSAULT", "aerial", "18"
    kind = happenings.kind_of(sent)
    carried = sent.doc.user_data.get("allegedly_happening")
    if kind is None and carried and not happenings.attack_cue(sent):
        kind = carried  # "… exploded during a fire in a garage. … when the explosion …"
    sent.doc.user_data["allegedly_happening"] = kind
    if kind is None:
        return
    for c in coded:
        if c.type in happenings.CONFLICT:
            c.type, c.mode, c.cameo = happenings.OTHER, kind, None
    if not any(c.type == happenings.OTHER for c in coded):
        words = [t for t, k in happenings.named(sent) if k == kind and t.pos_ in ("NOUN", "PROPN", "VERB")]
        if words:
            coded.append(_bare(words[0], happenings.OTHER, kind, places, anchor, reference))


_PROTESTERS = ("protester", "protestor", "demonstrator", "rioter", "marcher")
_PROTEST_NOUNS = {"protest", "demonstration", "rally", "sit-in", "sit", "march", "riot", "vigil"}


def _protest_token(c: Coded) -> tuple[Token, bool] | None:
    """The protest or the protesters of the sentence, and whether the act of force is done to or by
    them ("dispersed the protesters", "protesters clashed with police", "broke up a sit-in")."""
    own = {t.i for t in c.tokens}
    spans = [p.span for p in c.actors + c.recipients if p.span]
    found = None
    for tok in c.hit.head.sent:
        low = tok.lemma_.lower()
        chain = low == "chain" and tok.i > 0 and tok.doc[tok.i - 1].lower_ == "human"
        if tok.pos_ == "NOUN" and (low.startswith(_PROTESTERS) or low in _PROTEST_NOUNS or chain):
            near = tok.head.i in own or tok.head.head.i in own or any(a <= tok.idx < b for a, b in spans)
            if near:
                return tok, True
            found = found or (tok, False)
    return found


_CROWDS = {"crowd", "gathering", "people", "protester", "protestor", "demonstrator", "rally", "march", "protest",
           "demonstration", "sit-in", "supporter", "student", "activist"}


def _dispersed(c: Coded) -> tuple[Token, bool] | None:
    """'fired tear gas to disperse anti-government [protesters]', 'dispersing the crowds': a crowd
    dispersed by force was gathered (ACLED codes it as a protest met with force)."""
    for t in c.tokens:
        if t.lemma_.lower() == "disperse" and c.mode not in STATEMENT_MODES:
            crowds = [o for o in t.children if o.dep_ in ("dobj", "nsubjpass") and o.lemma_.lower() in _CROWDS]
            return (crowds[0] if crowds else t), True
    return None


def _force(c: Coded) -> bool:
    """Violence or crowd control, not an arrest or a ban ("police arrested the protesters" is an arrest)."""
    if c.mode in STATEMENT_MODES:
        return False
    return c.type == "ASSAULT" or c.type == "MOBILIZE" or c.type == "COERCE" and c.mode in (None, "restrict")


_MOB = ("mob", "vigilante", "villager", "lynch")  # a crowd is as often a protest


def _mob(c: Coded) -> bool:
    """'a mob chased down and lynched four men': mob violence, not force at a protest (ACLED keeps them apart)."""
    words = [t.lemma_.lower() for t in c.hit.head.sent if t.pos_ == "NOUN"] + [c.hit.head.lemma_.lower()]
    return c.type == "ASSAULT" and any(w.startswith(_MOB) for w in words)


def _arrest(c: Coded) -> bool:
    return c.type == "COERCE" and c.mode in ("arrest", "detain") and c.mode not in STATEMENT_MODES


def _swap(sent: Span, coded: list[Coded], places: list[Entity], anchor: str | None, reference: str | None) -> None:
    """'released 30 rebels in exchange for 16 soldiers': a release traded for another is a deal
    carried out (PLOVER AGREE beside the RETREAT release)."""
    if any(c.type == "AGREE" for c in coded) or not any(c.type == "RETREAT" and c.mode == "release" for c in coded):
        return
    for tok in sent:
        if tok.lower_ == "exchange" and tok.head.lower_ == "in" and any(c.lower_ == "for" for c in tok.children):
            coded.append(_bare(tok, "AGREE", None, places, anchor, reference))
            return


def _transfer(coded: list[Coded]) -> None:
    """'Rebels took control of the town after government forces pulled out': taken without a fight,
    the withdrawal is what happened (ACLED: non-violent transfer of territory; PLOVER RETREAT)."""
    if any(c.type == "ASSAULT" and c.cameo == "19" and c.hit.kind == "object" for c in coded):
        for c in coded:
            if c.type == "RETREAT" and c.mode == "withdraw":
                c.bonus += 1.0


def _protest_behind_force(sent: Span, coded: list[Coded], places: list[Entity], anchor: str | None,
                          reference: str | None) -> None:
    """Force used against or by protesters implies the protest (CASE: FORCE_AGAINST_PROTEST,
    VIOL_DEMONSTR): a PROTEST event is added on the protesters when the sentence has none."""
    found = [(t, near, _force(c)) for c in coded if (_force(c) or _arrest(c)) and not _mob(c)
             for t, near in [_protest_token(c) or _dispersed(c) or (None, False)] if t is not None]
    if not found:
        return
    tok, near, force = max(found, key=lambda f: (f[2], f[1]))
    protests = [c for c in coded if c.type == "PROTEST"]
    if not protests:
        mode = "riot" if tok.lemma_.lower().startswith("rioter") or tok.lemma_.lower() == "riot" else "demo"
        protests = [_bare(tok, "PROTEST", mode, places, anchor, reference)]
        coded.append(protests[0])
    for p in protests:  # force done to or by protesters elaborates the protest; force near one, less so;
        # arrests of the protesters themselves are an intervention in the protest (ACLED's "protest
        # with intervention"); an arrest that only shares the sentence with a protest stays the arrest
        p.bonus += (2.0 if near else 0.8) if force else (0.8 if near else -0.5)


_TALK = {"ACCUSE", "CONSULT", "REJECT"}


def _accused_acts(hits: list[Hit], governed: dict[int, list[Hit]], coded: list[Coded], ents: list[Entity],
                  places: list[Entity], anchor: str | None, reference: str | None, memory: Memory) -> list[Coded]:
    """'HRW accused the security forces of committing widespread rape', 'widely discussing an alleged
    series of gang rapes': the accusation (or the talk) is the sentence's act and keeps the violence
    as its content; the violence is also recorded as an event of its own, deeper in the sentence, so
    the article can be about it. Statements about one's own future acts are not split (THREATEN)."""
    out = []
    for c in coded:
        if c.type not in _TALK:
            continue
        for sub in governed.get(c.hit.head.i, []):
            if sub.type == "ASSAULT" and not any(o.hit.head.i == sub.head.i for o in coded + out):
                extra = _code_hit(sub, [], governed, ents, places, anchor, reference, memory)
                extra.depth = max(extra.depth, c.depth + 1)
                out.append(extra)
    return out


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
    letters = list(filter(str.isalpha, line))  # C-speed: lines can be long
    return len(letters) >= 20 and sum(map(str.isupper, letters)) >= 0.8 * len(letters)


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
    if typ == "PROTEST" and h.mode == "demo" and _protest_in_words(h, actor_toks) and _institutional(actors):
        # an institution or a company 'protests' in words or files a protest, not in the street
        typ, mode, cameo = "ACCUSE", "disapprove", "11"
    typ, mode, cameo = stated_type(h, typ, mode, cameo, bool(subs), words, negated)
    recips = _others(participants(recip_toks, ents, memory), actors)
    types = {typ, h.type, *(s.type for s in subs)}
    if not recips and (types & TERRITORIAL or h.mode == "visit" and actors):
        # "imposed a curfew in Cizre", "withdraw its troops from Lebanon", a visitor's host
        recips = _others(participants(territories([tok, *related], "RETREAT" in types), ents, memory), actors)
    actors, recips = _home(actors, recips, tok.sent, ents), _home(recips, actors, tok.sent, ents)
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


_FORCE_ON_PROTEST = {"suppress", "disperse", "break", "attack", "quell", "crush", "storm", "raid", "clear", "ban",
                     "stop", "prevent", "block", "target", "fire", "shoot", "tear", "end"}


_SETTING_PREPS = {"during", "amid", "at"}


def _protest_in_words(h: Hit, actor_toks: list[Token]) -> bool:
    """A verb 'protest' or a noun protest by an institution ("China's protest", "a protest of the award
    by Boeing") is made in words; a protest that police suppress or disperse is still in the street."""
    if h.kind == "verb":
        return True
    tok = h.head
    if tok.dep_ == "pobj" and tok.head.lower_ in _SETTING_PREPS:
        return False  # "hits a demonstrator during an anti-corruption demonstration": the protest is the setting
    governor = tok.head.head if tok.dep_ == "pobj" else tok.head
    return h.kind == "noun" and not (tok.dep_ in ("dobj", "nsubjpass", "pobj")
                                     and governor.lemma_.lower() in _FORCE_ON_PROTEST)


_PRONOUNS = {"he", "she", "it", "they", "we", "i", "you", "him", "her", "them", "us", "its", "their", "his"}


def _home(parts: list[Participant], others: list[Participant], sent: Span, ents: list[Entity]) -> list[Participant]:
    """Participants the phrase leaves uncoded take the one country their sentence names ("President
    Omar El Bashir shortened the curfew imposed in Sudan", "accepted demands from Shona rebels"): a
    domestic actor, as PETRARCH codes it. A leader (or a bare name) is not given the country of the
    other side's coded state participant ("President X met the German chancellor")."""
    if not parts or all(p.code for p in parts):
        return parts
    home = sentence_country(sent, ents)
    if home is None:
        return parts
    # the other side is that country's state: a leader facing it is a foreign one; facing that
    # country's rebels, opposition or people, the leader is at home ("Fijian rebels will release
    # Prime Minister Chaudhry")
    foreign = any(o.code == home and o.sector in (None, "GOV", "MIL") and not _venue(o, sent) for o in others)
    out = []
    for p in parts:
        named = p.text[:1].isupper() or p.sector is not None or _act_source(p, sent)
        if p.code is None and named and p.text.lower() not in _PRONOUNS and not (foreign and _leader(p, sent)):
            p = dataclasses.replace(p, code=home)
        out.append(p)
    return out


def _act_source(p: Participant, sent: Span) -> bool:
    """'A roadside bombing near Samarra killed …': the act stands as the source (PLOVER's practice) and is
    coded by where it happened."""
    span = sent.doc.char_span(*p.span, alignment_mode="expand") if p.span else None
    return span is not None and _names_act(span.root)


def _leader(p: Participant, sent: Span) -> bool:
    """A person or an official ("President Smith", "Dawda Jawara"), not a group ("Islamic fundamentalists")."""
    if p.sector == "GOV":
        return True
    span = sent.doc.char_span(*p.span, alignment_mode="expand") if p.span else None
    return p.sector is None and span is not None and (span.root.ent_type_ == "PERSON" or span.root.tag_ == "NNP")


def _venue(p: Participant, sent: Span) -> bool:
    """A participant named as where the act happened ("the curfew imposed in Sudan"), not a side of it."""
    span = sent.doc.char_span(*p.span, alignment_mode="expand") if p.span else None
    return span is not None and span.root.dep_ == "pobj" and span.root.head.lower_ in ("in", "across", "throughout",
                                                                                         "inside")


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
    reference = None
    sentences: list[list[Coded]] = []
    for sent in doc.sents:
        coded = sorted(code_sentence(sent, ents, places, anchor, memory, reference), key=lambda c: c.hit.head.i)
        sentences.append(coded)
        for c in coded:
            if c.date and c.date.iso and c.date.precision == "day":
                reference = c.date.iso
    for key in ("allegedly_vocab", "allegedly_happening", "allegedly_article_attack", "allegedly_date_exprs",
                "allegedly_forms", "allegedly_sentence_country"):
        doc.user_data.pop(key, None)  # scratch of this pass; user_data stays serialisable
    sentence_mains, article_main = salience.pick(sentences)
    fallback = where_and_when(doc, places)
    events: list[Event] = []
    for coded in sentences:
        for c in coded:
            main = "article" if id(c) == article_main else "sentence" if id(c) in sentence_mains else None
            events.append(to_event(c, claims, main, fallback))
    return events


def to_event(c: Coded, claims: list[Claim], main: str | None = None, fallback: Fallback | None = None) -> Event:
    start = c.hit.char_span[0]
    toks = sorted(c.tokens, key=lambda t: t.i)
    span = (min(start, toks[0].idx), max(c.hit.char_span[1], toks[-1].idx + len(toks[-1].text)))
    idx = _claim_of(start, claims)
    location, place_by, date = c.location, "own" if c.location else None, c.date
    if fallback is not None:
        if location is None:
            location, place_by = fallback.place(c.hit.head)
        else:
            location = fallback.ground(location)
        if date is None or not date.iso and date.precision != "duration":
            date = fallback.date  # "for years" stays: a span of time the clause states, with no day to it
    return Event(
        type=c.type,
        cameo_root=c.cameo,
        span=span,
        mode=c.mode,
        actor=c.actors,
        recipient=c.recipients,
        location=location,
        date=date,
        claim=idx,
        status=claims[idx].status if idx is not None else None,
        trigger=c.hit.text if not c.tokens[1:] else " … ".join([c.hit.text, *(t.text for t in c.tokens[1:])]),
        confidence=calibrated(c.type, main, c.confidence),
        report_date=c.report_date,
        main=main,
        place_by=place_by,
    )
