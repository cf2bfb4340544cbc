"""How a sentence links to the one before it, so a report's chain may continue.

A chain runs on to a later sentence only through a real link: a direct quote still open, a
continuation adverb ("also", "further"), a pronoun or demonstrative subject ("They …",
"These files …"), a definite subject naming what the previous sentence named ("The trade
agreement in question" after "a trade deal"), or a definite source named again ("The
sources claimed …" after a newspaper's sources). Any following sentence is not enough.
"""
from __future__ import annotations

from spacy.tokens import Span

from allegedly.provenance import lexicon as lx
from allegedly.records import Hop

_ANAPHORIC = frozenset("the these those this they he she it".split())


def named_again(sent: Span, hops: list[Hop], prev) -> list[Hop] | None:
    """'The sources claimed …' right after 'Citing people familiar with the situation, the
    Journal reported …': a definite source of the kind the previous chain ended with is that
    source named again, and keeps the outlet above it."""
    first = hops[0]
    if first.span is None or prev.chain[-1].kind != first.kind or len(prev.chain) < 3 or \
            prev.chain[-2].kind != "outlet":
        return None
    head = sent.doc.char_span(*first.span, alignment_mode="expand")
    if head is None or head[0].lower_ not in _ANAPHORIC and \
            (head.start == 0 or sent.doc[head.start - 1].lower_ not in _ANAPHORIC):
        return None
    chain = list(prev.chain[:-1])
    return chain + [h for h in hops if all(h.name != c.name for c in chain)]


def quote_runs_on(quotes, prev, start: int) -> bool:
    return any(qs < start < qe and prev.span[0] <= qs < prev.span[1] or qs < prev.span[0] < start < qe
               for qs, qe in quotes)


_CONTINUATIONS = frozenset("also further furthermore additionally moreover".split())
_BACK_DETS = frozenset("these those this such".split())


def refers_back(sent: Span, prev_text: str) -> bool:
    """Does an unattributed sentence continue the previous one's report? Only through a link:
    a continuation adverb, a pronoun subject ("They …"), a demonstrative ("These files …"), or
    a definite subject naming something the previous sentence named ("The trade agreement in
    question" after "a trade deal"); any following sentence is not enough."""
    if any(t.lower_ in _CONTINUATIONS for t in sent):
        return True
    before = {w.lower() for w in prev_text.replace("’", "'").split()} | \
        {w.strip(".,;:“”\"'()").lower() for w in prev_text.split()}
    for subj in (c for c in sent.root.children if c.dep_ in ("nsubj", "nsubjpass")):
        if subj.lower_ in lx.PRONOUNS:
            return True
        dets = [c.lower_ for c in subj.children if c.dep_ in ("det", "poss")]
        if any(d in _BACK_DETS or d in ("its", "their") for d in dets):
            return True
        words = {subj.lower_, subj.lemma_.lower()} | {c.lower_ for c in subj.children if c.dep_ == "compound"}
        if "the" in dets and words & before:
            return True
    return False


def continues(sent: Span) -> bool:
    return any(t.lower_ in ("also", "further", "furthermore", "additionally") for t in sent) or \
        sent[0].lower_ in lx.PRONOUNS
