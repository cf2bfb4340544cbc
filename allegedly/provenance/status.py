"""Status of a claim from its cues.

Order of precedence (strongest first): denied > alleged > claimed > hypothetical/future >
reported > asserted. ``alleged`` = the WRITER distances itself with a hedge adverb or
adjective (allegedly, reportedly, purportedly, alleged); ``claimed`` = the SOURCE's own
verb is a weak assertion (claim, suggest, insist, appear/seem to). With no source cited,
"appears to" is the writer's own hedge and counts as ``alleged`` (settle.writer_hedges):
``claimed`` needs someone who claims. Modality of the content beats plain attribution:
"X said it would attack" did not happen, whoever said it.
"""
from __future__ import annotations

from spacy.tokens import Span, Token

from allegedly.provenance import lexicon as lx
from allegedly.provenance.sources import denies_claim
from allegedly.records import Cue
from allegedly.nlp.context import doc_text

_ORDER = ["denied", "alleged", "claimed", "hypothetical", "future", "reported", "asserted"]
_KIND_STATUS = {"negation": "denied", "hedge": "alleged", "claim": "claimed",
                "modal": "hypothetical", "future": "future", "attribution": "reported"}


def cue(tok: Token, kind: str, end: Token | None = None) -> Cue:
    last = end or tok
    return Cue(doc_text(tok.doc)[tok.idx:last.idx + len(last)], (tok.idx, last.idx + len(last)), kind)


def modality_cues(content_root: Token, say: Token | None = None) -> list[Cue]:
    """Modals and plan verbs governing the content's main verb (not inside relative clauses).

    "would" after a past say-verb is the past of "will" ("GM said it would cut jobs": future),
    unless the content is a condition ("… would not give aid unless …": hypothetical). A
    "will" under a condition is hypothetical too ("If the talks fail, the army will attack").
    """
    out = []
    conditional = _conditional(content_root)
    backshift = say is not None and say.tag_ in ("VBD", "VBN") and not conditional
    for child in content_root.children:
        low = child.lower_
        if child.dep_ != "aux":
            continue
        if low == "would" and backshift:
            out.append(cue(child, "future"))
        elif low in lx.HYPOTHETICAL_MODALS:
            out.append(cue(child, "modal"))
        elif low in lx.FUTURE_MODALS or low == "'ll":
            out.append(cue(child, "modal" if conditional else "future"))
    xcomp = any(c.dep_ == "xcomp" for c in content_root.children)
    if content_root.lemma_ in lx.FUTURE_VERBS and xcomp:
        out.append(cue(content_root, "future"))
    elif content_root.lemma_ == "go" and content_root.tag_ == "VBG" and xcomp:  # "is going to"
        out.append(cue(content_root, "future"))
    return out


def _conditional(root: Token) -> bool:
    return any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in c.children)
               for c in root.children)


def hedge_cues(span: Span) -> list[Cue]:
    out = []
    for tok in span:
        if tok.lower_ in lx.HEDGES:
            out.append(cue(tok, "hedge"))
        elif tok.lemma_ in lx.PASSIVE_HEDGE_VERBS and tok.tag_ == "VBN" and \
                any(c.dep_ == "auxpass" for c in tok.children) and any(c.dep_ == "xcomp" for c in tok.children) \
                and (tok.lemma_ != "expect" or tok.dep_ == "ROOT"):
            # "is expected to" hedges the sentence it heads, not a clause inside a report
            # ("X reported that Ford will …, when a model is expected to be launched")
            out.append(cue(tok, "hedge"))
        elif tok.lemma_ in lx.APPEAR_VERBS and tok.pos_ in ("VERB", "AUX") and \
                any(c.dep_ in ("xcomp", "acomp", "oprd", "attr", "ccomp") for c in tok.children):
            out.append(cue(tok, "claim"))
    return out


def negation_cues(verb: Token) -> list[Cue]:
    """A denial: a deny-verb whose object is a claim ('denied that …', 'denied the reports')."""
    return [cue(verb, "negation")] if verb.lemma_ in lx.DENY_VERBS and denies_claim(verb) else []


def deciding_cue(cues: list[Cue], status: str) -> Cue | None:
    """The first cue whose kind gives ``status`` (the word a reader should see highlighted)."""
    return next((c for c in cues if c.text and _KIND_STATUS.get(c.kind) == status), None)


def decide(cues: list[Cue]) -> str:
    statuses = {_KIND_STATUS[c.kind] for c in cues if c.kind in _KIND_STATUS}
    for status in _ORDER:
        if status in statuses:
            return status
    return "asserted"
