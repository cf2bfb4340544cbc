"""Attributions off the main chain of a sentence: nested claims.

"Boeing challenged the decision, claiming the process had been unfair" asserts the challenge
but only reports the claim; "Trump has praised Putin as a strong leader" asserts the praise,
but "Putin as a strong leader" is Trump's stance. The sentence stays one claim with the
status of its main clause; each attribution off its main chain becomes a second claim nested
inside it, with its own status and chain (the event layer gives an event to the innermost
claim holding it).

The cues (lexicon.py; the stance lists were extended from PolNeAR's TRAIN split):
- a say-verb with a clause, wherever it stands: a participle on the main clause ("…,
  claiming …") speaks for the main clause's subject; a concessive clause ("although experts
  say …") and a relative clause ("X, who told reporters that …") for their own subject;
- a stance verb (praise, mock, urge, call on, decline, want …) with its arguments as the
  content, a negated say-verb with a clause ("does not indicate whether …"), a predicative
  stance adjective ("is eager to …"), and a cue noun with its holder ("her assertion that …"),
  or, as a verb's object with no holder of its own, the verb's subject ("X voiced opposition to …");
- a verb or predicative adjective the learnt cue model (cue_model.py) reads as a cue in its
  context, whatever its lemma: it stands as a stance verb; a noun with a clause or an
  'of/to/for/about' phrase after it that the model reads as a stance head ("sent clear messages
  about …") is held by its possessor, else by the subject of the verb it hangs on.
"""
from __future__ import annotations

from spacy.tokens import Span, Token

from allegedly.provenance import lexicon as lx
from allegedly.provenance import sources as src
from allegedly.provenance.cue_model import learnt_cue, learnt_noun_cue
from allegedly.provenance.quote_records import _who_person
from allegedly.provenance.quotes import inside

_CONCESSIVE = frozenset("although though while whereas".split())
_PARTICIPLE_DEPS = frozenset("advcl xcomp pcomp conj".split())
_EDGE = frozenset(", . ; : “ ” \" ' ( ) – —".split())


def _participle_speaker(verb: Token) -> Token | None:
    """'…, claiming …' / 'by saying …': the subject of the clause the participle hangs on."""
    if verb.tag_ != "VBG" or verb.dep_ not in _PARTICIPLE_DEPS or src.subject(verb) is not None:
        return None
    head = verb.head
    while src.subject(head) is None and head.head.i != head.i and head.dep_ not in ("relcl", "acl"):
        head = head.head
    return src.subject(head) if src.on_main_line(head) else None


def _concessive_speaker(verb: Token) -> Token | None:
    """'although industry experts say …': the say-verb heads a concessive clause on the main line."""
    if verb.dep_ != "advcl" or not src.on_main_line(verb.head):
        return None
    if not any(c.dep_ == "mark" and c.lower_ in _CONCESSIVE for c in verb.children):
        return None
    return src.subject(verb)


_RELATIVE = frozenset("who that which whom".split())
# What a stance verb takes as the stance: "praised [Putin] [as a strong leader]", "called [on
# X] [to resign]", "declined [to comment]"; not its time, place or manner adjuncts.
_STANCE_ARGS = frozenset("dobj xcomp oprd dative attr acomp ccomp parataxis".split())
_STANCE_PREPS = frozenset("as on for of about to against with over".split())


def _relative_speaker(verb: Token) -> Token | None:
    """'Clinton, who told reporters that …': 'who' speaks for the noun the clause hangs on."""
    subj = src.subject(verb)
    if verb.dep_ == "relcl" and (subj is None or subj.lower_ in _RELATIVE):
        # "Charles O'Reilly, a management expert at Stanford University, who stated": the
        # parser may hang 'who' on the organisation; 'who' is the person before it
        return _who_person(subj, verb.head) if subj is not None else verb.head
    return None


def _raised_speaker(verb: Token) -> Token | None:
    """'Trump wants to build …', 'she has refused to release …': the verb a stance verb hangs
    on through xcomp/conj shares its subject."""
    head = verb
    while src.subject(head) is None and head.dep_ in ("xcomp", "conj") and head.head.i != head.i:
        head = head.head
    return src.subject(head) if head.i != verb.i else None


def _stance(tok: Token) -> bool:
    """A stance verb of the lexicon, or a verb or adjective the learnt cue model reads as one."""
    return (tok.lemma_ in lx.STANCE_VERBS and tok.pos_ == "VERB") or learnt_cue(tok)


def is_cue(tok: Token) -> bool:
    """A say-verb that attributes, or a stance verb (lexicon.STANCE_VERBS) used as a verb; a
    negated say-verb with a clause still ascribes it ("does not indicate whether …")."""
    return src.attributes(tok) or _stance(tok) or \
        (tok.dep_ == "acomp" and tok.lemma_.lower() in lx.STANCE_ADJECTIVES) or \
        (tok.lemma_ in lx.SAY_VERBS and tok.pos_ == "VERB" and any(c.dep_ == "neg" for c in tok.children)
         and tok.lemma_ not in lx.DENY_VERBS)


def _noun_cue(tok: Token) -> tuple[Token, list[Token]] | None:
    """'his assertion that …', 'Clinton's claim that …', 'a call by X for …': the possessor or
    maker holds what the clause or 'of/for/about' phrase after the noun says."""
    if tok.pos_ != "NOUN" or tok.lemma_.lower() not in lx.CUE_NOUNS:
        return None
    holder = next((c for c in tok.children if c.dep_ == "poss"), None)
    if holder is None:
        holder = next((o for c in tok.children if c.dep_ == "prep" and c.lower_ in ("by", "from")
                       for o in c.children if o.dep_ == "pobj"), None)
    args = [c for c in tok.children if c.i > tok.i and (c.dep_ in ("acl", "ccomp", "relcl") and
            any(m.lower_ == "that" and m.dep_ == "mark" for m in c.children) or
            c.dep_ == "prep" and c.lower_ in ("of", "for", "about", "on", "to", "against"))]
    if holder is None and tok.dep_ == "dobj" and args and args[0].lower_ != "of":
        # "X renewed calls for …", "X voiced opposition to …": the verb's subject holds it; not
        # through "of" ("won the endorsement of Y": Y endorses) nor deeper in a phrase ("did not
        # respond to a request for comment")
        holder = _verb_holder(tok)
        if holder is not None and (holder.i == tok.i or holder in tok.subtree):
            holder = None
    if holder is None or not args:
        return None
    return holder, sorted((t for a in args for t in a.subtree), key=lambda t: t.i)


def _verb_holder(tok: Token) -> Token | None:
    """The subject of the verb a noun hangs on (climbing pobj/prep/dobj/attr …)."""
    head = tok
    while head.dep_ in ("pobj", "prep", "dobj", "attr", "nsubj", "appos", "conj", "amod", "acomp") \
            and head.head.i != head.i and head.pos_ not in ("VERB", "AUX"):
        head = head.head
    if head.pos_ in ("VERB", "AUX"):
        return src.subject(head) or _raised_speaker(head)
    return None


def _learnt_noun(tok: Token) -> tuple[Token, list[Token]] | None:
    """A noun the learnt model reads as a stance head: its possessor or 'by' phrase holds it,
    else the subject of the verb it hangs on ("Trump is bent on …", "X renewed calls for …")."""
    if not learnt_noun_cue(tok):
        return None
    holder = next((c for c in tok.children if c.dep_ == "poss"), None) or \
        next((o for c in tok.children if c.dep_ == "prep" and c.lower_ in ("by", "from")
              for o in c.children if o.dep_ == "pobj"), None)
    if holder is None:
        holder = _verb_holder(tok)
    if holder is None or holder.i == tok.i or holder in tok.subtree:
        return None
    args = [c for c in tok.children if c.i > tok.i and (c.dep_ in ("acl", "ccomp", "xcomp") or
            c.dep_ == "prep" and c.lower_ in ("of", "to", "for", "about", "on", "against"))]
    content = sorted((t for a in args for t in a.subtree), key=lambda t: t.i)
    return (holder, content) if content else None


def stance_content(verb: Token) -> list[Token]:
    """The stance a verb ascribes: its clause, else its arguments after it."""
    clause = next((c for c in verb.children if c.dep_ in ("ccomp", "parataxis")), None)
    if clause is not None:
        return sorted(clause.subtree, key=lambda t: t.i)
    args = [c for c in verb.children if c.i > verb.i and (c.dep_ in _STANCE_ARGS or
            c.dep_ == "prep" and c.lower_ in _STANCE_PREPS)]
    return sorted((t for a in args for t in a.subtree), key=lambda t: t.i)


def _as_clause(verb: Token) -> bool:
    """'as X reported', 'as this reporter revealed': a say-verb in an 'as' clause with no
    content of its own vouches for the clause it hangs on."""
    return verb.dep_ == "advcl" and src.attributes(verb) and \
        any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children) and \
        not any(c.dep_ in ("ccomp", "dobj", "xcomp") for c in verb.children)


def side_attributions(sent: Span, quotes, skip: set[int]) -> list[tuple[Token, Token, list[Token]]]:
    """(cue verb, speaker head, content tokens) for each attribution off the sentence's main
    chain (``skip``): participles ("…, claiming …"), concessive clauses ("although experts
    say …"), relative clauses ("who told reporters that …"), and stance verbs wherever they
    stand ("Trump has praised Putin as a strong leader")."""
    out = []
    for t in sent:
        if t.i in skip or inside(quotes, t.idx):
            continue
        noun = _noun_cue(t) or _learnt_noun(t)
        if noun is not None:
            out.append((t, *noun))
            continue
        if not is_cue(t):
            continue
        if t.dep_ == "acomp":  # "X is eager to …": the subject of the copula holds the stance
            speaker = src.subject(t.head) or _raised_speaker(t.head) or _relative_speaker(t.head)
        else:
            speaker = _participle_speaker(t) or _concessive_speaker(t) or _relative_speaker(t) or \
                src.subject(t) or _raised_speaker(t)
        if speaker is None or speaker.lower_ in _RELATIVE:
            continue
        if _as_clause(t):  # "As The Hill pointed out, Trump has declined …": the rest is theirs
            own = {x.i for x in t.subtree}
            out.append((t, speaker, [x for x in sent if x.i not in own]))
            continue
        if t.pos_ != "ADJ" and not _stance(t) and not any(c.dep_ in ("ccomp", "parataxis") for c in t.children):
            continue  # a say-verb off the main line reports words only with a clause
        content = stance_content(t)
        if content:
            out.append((t, speaker, content))
    return out


def content_span(content: Token | list[Token], sent: Span) -> tuple[int, int] | None:
    """Characters of the content clause, without edge punctuation and quote marks."""
    # sorted: on a non-projective parse Token.subtree is not in text order
    toks = content if isinstance(content, list) else content.subtree
    toks = sorted((t for t in toks if sent.start <= t.i < sent.end), key=lambda t: t.i)
    while toks and (toks[0].text in _EDGE or toks[0].dep_ == "mark"):
        toks = toks[1:]
    while toks and toks[-1].text in _EDGE:
        toks = toks[:-1]
    if len(toks) < 2 and not (toks and toks[0].pos_ == "PROPN"):
        return None  # one word only when it names something: "Corporate executives love TPP"
    return toks[0].idx, toks[-1].idx + len(toks[-1])
