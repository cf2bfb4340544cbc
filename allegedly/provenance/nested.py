"""Reported speech off the main line of a sentence the writer asserts.

"Boeing challenged the decision, claiming the process had been unfair" asserts the challenge
but only reports the claim; "Lawmakers rejected the proposal, although industry experts say
the deal had been killed" asserts the rejection and reports the experts. The sentence stays
one claim (asserted: the writer vouches that the challenge happened and that the experts say
so); the reported content becomes a second claim nested inside it, with its own status and
chain (the event layer already gives an event to the innermost claim holding it).

Two shapes only, both with a clause as content (a say-verb with a noun object reports
nothing): a participle on the main clause ("…, claiming …", "by saying, “…”") speaks for the
main clause's subject; a say-verb with its own subject in a concessive clause ("although
experts say …") speaks for that subject.
"""
from __future__ import annotations

from spacy.tokens import Span, Token

from allegedly.provenance import sources as src
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


def subordinate_says(sent: Span, quotes) -> list[tuple[Token, Token, Token]]:
    """(say-verb, speaker head, content root) for each off-main-line attribution of ``sent``."""
    out = []
    for t in sent:
        if not src.attributes(t) or inside(quotes, t.idx):
            continue
        content = next((c for c in t.children if c.dep_ in ("ccomp", "parataxis")), None)
        if content is None:
            continue
        speaker = _participle_speaker(t) or _concessive_speaker(t)
        if speaker is not None:
            out.append((t, speaker, content))
    return out


def content_span(content: Token, sent: Span) -> tuple[int, int] | None:
    """Characters of the content clause, without edge punctuation and quote marks."""
    # sorted: on a non-projective parse Token.subtree is not in text order
    toks = sorted((t for t in content.subtree if sent.start <= t.i < sent.end), key=lambda t: t.i)
    while toks and (toks[0].text in _EDGE or toks[0].dep_ == "mark"):
        toks = toks[1:]
    while toks and toks[-1].text in _EDGE:
        toks = toks[:-1]
    if len(toks) < 3:
        return None
    return toks[0].idx, toks[-1].idx + len(toks[-1])
