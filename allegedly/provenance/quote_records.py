"""Quote records: direct quotes (text between quote marks) and indirect ones ("X said that …",
"X told Y that …"), each with its speaker, affiliation, cue and chain.

A direct quote takes its speaker from the attribution of the sentences it overlaps (before,
inside or after the marks); a quote with none continues the previous quote's speaker when
it follows closely in the same paragraph (a quote running on over several sentences).
"""
from __future__ import annotations

from spacy.tokens import Doc, Token

from allegedly.provenance.chains import clean_name, kind_of, name_span
from allegedly.provenance.quotes import inside
from allegedly.provenance.sources import attributes, subject
from allegedly.records import Hop, Quote

_EDGE_PUNCT = frozenset(", . ; : – — - ( )".split())  # quote marks stay: they close a quoted term
_NEAR = 200  # characters between two quotes for the second to inherit the speaker


def affiliation(verb: Token | None) -> str | None:
    """The organisation in the speaker's phrase: 'Dr. X of the think tank Royal United …'."""
    subj = subject(verb) if verb is not None else None
    if subj is None:
        return None
    lo, hi = subj.left_edge.i, subj.right_edge.i + 1
    orgs = [e for e in subj.doc.ents if e.label_ == "ORG" and lo <= e.start and e.end <= hi and e.start > subj.i]
    return orgs[0].text if orgs else None


def _direct(doc: Doc, spans, drafts) -> list[Quote]:
    out: list[Quote] = []
    for s, e in spans:
        over = [d for d in drafts if d.span[0] < e and s < d.span[1]]
        draft = next((d for d in over if d.verb is not None and d.speaker is not None
                      and not inside(spans, d.verb.idx)), None)
        if draft is not None:
            speaker, cue, chain = draft.speaker.name, draft.verb.text, draft.chain
            aff, conf = affiliation(draft.verb), 0.8
        elif out and s - out[-1].span[1] < _NEAR and "\n\n" not in doc.text[out[-1].span[1]:s]:
            p = out[-1]
            speaker, cue, chain, aff, conf = p.speaker, p.cue, p.chain, p.affiliation, 0.6
        else:
            speaker, cue, aff, conf = None, None, None, 0.4
            chain = over[0].chain if over else []
        out.append(Quote(text=doc.text[s + 1:e - 1].strip().rstrip(","), span=(s, e), speaker=speaker, kind="direct",
                         affiliation=aff, cue=cue, chain=chain, confidence=conf))
    return out


def _content_tokens(content: Token, start: int, spans) -> list[Token] | None:
    """The reported clause without its 'that', a second attribution joined to it ('…, and a
    defector told Sky that …') or anything before the claim (a dateline); None if quoted."""
    cut = {t.i for c in content.children if c.dep_ == "conj" and attributes(c) and subject(c) is not None
           for t in c.subtree}
    cut |= {c.i for c in content.children if c.dep_ == "cc" and any(c.i < i for i in cut)}
    toks = [t for t in content.subtree if t.i not in cut and t.idx >= start]
    if any(inside(spans, t.idx) for t in toks if not t.is_punct) and len(toks) > 1 and \
            all(inside(spans, t.idx) or t.is_punct or t.dep_ == "mark" for t in toks):
        return None  # the content is a direct quote: already a direct quote record
    while toks and (toks[0].dep_ == "mark" or toks[0].text in _EDGE_PUNCT):
        toks = toks[1:]
    while toks and toks[-1].text in _EDGE_PUNCT:
        toks = toks[:-1]
    return toks if len(toks) >= 3 else None


def _indirect_quote(doc: Doc, verb: Token, content: Token, start: int, speaker: str, chain, spans):
    toks = _content_tokens(content, start, spans)
    if toks is None:
        return None
    s, e = toks[0].idx, toks[-1].idx + len(toks[-1])
    return Quote(text=doc.text[s:e], span=(s, e), speaker=speaker, kind="indirect",
                 affiliation=affiliation(verb), cue=verb.text, chain=chain, confidence=0.7)


def _indirect(doc: Doc, spans, drafts) -> list[Quote]:
    out = []
    for d in drafts:
        c = d.content
        if d.verb is None or d.speaker is None or c is None or c.i == d.verb.i or c.dep_ != "ccomp":
            continue
        q = _indirect_quote(doc, d.verb, c, d.span[0], d.speaker.name, d.chain, spans)
        out += [q] if q else []
        for verb in (x for x in c.children if x.dep_ == "conj" and attributes(x) and subject(x) is not None):
            inner = next((x for x in verb.children if x.dep_ == "ccomp"), None)
            if inner is None:
                continue
            name_sp = name_span(subject(verb))
            hop = Hop(clean_name(name_sp), kind_of(name_sp, set()), (name_sp.start_char, name_sp.end_char))
            chain = [h for h in d.chain if h.kind in ("publisher", "outlet")] + [hop]
            q = _indirect_quote(doc, verb, inner, d.span[0], hop.name, chain, spans)
            out += [q] if q else []
    return out


def find_quotes(doc: Doc, spans, drafts) -> list[Quote]:
    quotes = _direct(doc, spans, drafts) + _indirect(doc, spans, drafts)
    return sorted(quotes, key=lambda q: q.span)
