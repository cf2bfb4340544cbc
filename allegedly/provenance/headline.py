"""Claims of a headline given apart from the body (the record's ``title``).

Text files, HTML pages and JSON Lines give the headline as the title, outside the body, and
the headline often carries the article's sharpest attributed claim ("Trump says Mexico will
pay for the wall"). It gets claims like any sentence: the title alone goes through the
components up to provenance (no events: a headline's event is the body's), with the
article's context, so its claims, cues and chains read as the body's first line would.
Spans of these claims (and of their hops) point into ``ArticleRecord.title``.
"""
from __future__ import annotations

import dataclasses
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc

from allegedly.nlp.context import doc_text
from allegedly.provenance.extract import cited_outlet
from allegedly.records import Claim, Cue, Dateline, Entity, Hop

_UPTO = "allegedly_provenance"


def in_body(title: str, text: str) -> bool:
    """The body opens with the headline already (PolNeAR's .txt, a pasted article): its first
    line carries the claims, and the title gets none of its own."""
    first = text.lstrip().split("\n", 1)[0]
    return " ".join(first.split()).casefold() == " ".join(title.split()).casefold()


def headline_claims(nlp: Language, title: str, body: Doc) -> list[Claim]:
    """The title's claims, or none when there is no title or the body opens with it."""
    return headline_claims_many(nlp, [(title, body)])[0]


def reads_title(nlp: Language, title: str, body_text: str, even_in_body: bool = False) -> bool:
    """Does this title get claims of its own (``headline_claims``)?"""
    return _UPTO in nlp.pipe_names and bool(title and title.strip()) and (
        even_in_body or not in_body(title, body_text))


def headline_claims_many(nlp: Language, pairs: list[tuple[str, Doc]], *,
                         even_in_body: bool = False, ran: tuple[list[Doc], int] | None = None) -> list[list[Claim]]:
    """``headline_claims`` for a batch of (title, body) pairs: the titles go through the
    components together, as the bodies do (one title at a time cost more than its body's parse).
    ``even_in_body`` reads a title that the body also opens with. ``ran``: the docs of the titles
    ``reads_title`` keeps (``title_doc``), already through the first n components, which need
    no context (the pipeline runs them in its bodies' batch)."""
    if _UPTO not in nlp.pipe_names:
        return [[] for _ in pairs]
    wanted = [i for i, (title, body) in enumerate(pairs) if reads_title(nlp, title, doc_text(body), even_in_body)]
    out: list[list[Claim]] = [[] for _ in pairs]
    if not wanted:
        return out
    docs, start = ran if ran is not None else ([title_doc(nlp, pairs[i][0]) for i in wanted], 0)
    for i, doc in zip(wanted, docs, strict=True):
        # the dateline's span is the body's; the title's own copy keeps the body's countries
        doc._.context = dataclasses.replace(pairs[i][1]._.context, dateline=Dateline())
    for name, proc in nlp.pipeline[start:]:
        docs = list(proc.pipe(docs)) if hasattr(proc, "pipe") else [proc(d) for d in docs]
        if name == _UPTO:
            break
    for i, doc in zip(wanted, docs):
        title, body = pairs[i]
        claims = body_names(list(doc._.claims or []), list(body._.claims or []), list(body._.entities or []))
        out[i] = cited_from(claims, title)
    return out


def title_claims(nlp: Language, title: str, body: Doc) -> list[Claim]:
    """The title read as a sentence of its own, with the body's context and names."""
    return headline_claims_many(nlp, [(title, body)], even_in_body=True)[0]


def title_doc(nlp: Language, title: str) -> Doc:
    """A title's doc, its context still to come from its body (``headline_claims_many``)."""
    doc = nlp.make_doc(title)
    doc.user_data["allegedly_removed"] = []
    return doc


def cited_from(claims: list[Claim], title: str) -> list[Claim]:
    """'Islamic State, Assad Regime Secretly Cooperated for Years: Sky News': the headline's
    words are the cited outlet's, never the publisher's own assertion. A claim the rules left
    with the publisher gets the outlet as its last hop (named where the suffix stands) and
    reads as reported; its span stops before the suffix."""
    cited = cited_outlet(title)
    if not cited:
        return claims
    at = title.rindex(cited)
    cut = len(title[:at].rstrip(":-–| "))
    out = []
    for c in claims:
        if (c.chain and c.chain[-1].kind != "publisher") or not c.span[0] < cut < c.span[1]:
            out.append(c)
            continue
        span = (c.span[0], cut)
        out.append(replace(c, text=title[span[0]:span[1]], span=span,
                           status="reported" if c.status == "asserted" else c.status,
                           chain=[*c.chain, Hop(cited, "outlet", (at, at + len(cited)))],
                           cues=[*c.cues, Cue(cited, (at, at + len(cited)), "attribution")]))
    return out


def body_names(claims: list[Claim], body_claims: list[Claim], entities: list[Entity]) -> list[Claim]:
    """'Trump' of the headline is the body's 'Donald Trump' (a person) when exactly one full
    name the body gives fits: headlines use surnames, and the small title doc alone cannot
    tell a surname from an organisation."""
    people = {h.name for c in body_claims for h in c.chain if h.kind == "person"}
    people |= {(e.name or e.text) for e in entities if e.type == "person"}

    def hop(h: Hop) -> Hop:
        if h.kind not in ("person", "group") or " " in h.name:
            return h
        fits = {n for n in people if n == h.name or h.name in (n.split()[0], n.split()[-1])}
        return replace(h, name=fits.pop(), kind="person") if len(fits) == 1 else h

    return [replace(c, chain=[hop(h) for h in c.chain]) for c in claims]
