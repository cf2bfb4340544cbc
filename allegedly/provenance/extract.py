"""Sentence-level analysis: sources (according to X, X said/told/showed), content, cues,
chains with cross-sentence links, and quotes with speakers."""
from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from allegedly.provenance import lexicon as lx
from allegedly.provenance.chains import Discourse, assemble, clean_name, complete, kind_of, phrase
from allegedly.provenance.quotes import inside, quote_spans
from allegedly.provenance.status import cue, decide, hedge_cues, modality_cues, negation_cues
from allegedly.records import Claim, Cue, Hop, Quote


def _depth(tok: Token) -> int:
    n = 0
    while tok.head.i != tok.i:
        tok, n = tok.head, n + 1
    return n


def _media(doc: Doc) -> set[str]:
    return {e.text.lower() for e in (doc._.entities or []) if getattr(e, "type", "") == "media"}


def _hop(head: Token, d: Discourse, media: set[str]) -> Hop:
    span = phrase(head)
    if head.lower_ in lx.PRONOUNS and d.names:
        ref = d.names[-1]
        return Hop(ref.name, ref.kind, (span.start_char, span.end_char))
    hop = Hop(clean_name(span), kind_of(span, media), (span.start_char, span.end_char))
    definite = span[0].lower_ in ("the", "these", "those", "this", "such")
    hop = d.canonical(hop, definite)
    d.note(hop, definite)
    return hop


def _say_verb(sent: Span, quotes) -> Token | None:
    """The outermost attribution verb with a subject (outside direct quotes)."""
    found = [t for t in sent if t.lemma_ in lx.SAY_VERBS and t.pos_ in ("VERB", "AUX")
             and not inside(quotes, t.idx) and any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children)]
    return min(found, key=lambda t: (_depth(t), t.i)) if found else None


def _subject(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ == "nsubj"), None)


def _inner_say(verb: Token, quotes) -> Token | None:
    for c in verb.children:
        if c.dep_ in ("ccomp", "parataxis") and c.lemma_ in lx.SAY_VERBS and _subject(c) is not None \
                and not inside(quotes, c.idx):
            return c
    return None


def _content_root(verb: Token | None, sent: Span) -> Token:
    if verb is None:
        return sent.root
    for c in verb.children:
        if c.dep_ in ("ccomp", "xcomp", "parataxis"):
            return c
    return verb


def _according(sent: Span) -> list[tuple[Token, Token]]:
    out = []
    for t in sent:
        if t.lower_ == "according":
            to = next((c for c in t.children if c.lower_ == "to"), None)
            obj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
            if obj is not None:
                out.append((t, obj))
    return out


def _links(sent: Span, d: Discourse, media: set[str]) -> None:
    """'received the documents from a group of defectors' → documents originate with them."""
    for t in sent:
        if t.lemma_ not in lx.RECEIVE_VERBS:
            continue
        obj = next((c for c in t.children if c.dep_ == "dobj"), None)
        src = next((p for c in t.children if c.dep_ == "prep" and c.lower_ == "from"
                    for p in c.children if p.dep_ == "pobj"), None)
        if obj is not None and src is not None and obj.lemma_ in lx.DOCUMENT_NOUNS:
            head = src
            if src.lemma_ in lx.GROUP_NOUNS:  # "a group of IS defectors": the defectors are the origin
                head = next((p for c in src.children if c.lower_ == "of" for p in c.children), src)
            span = phrase(head)
            kind = "anonymous" if not span.ents else kind_of(span, media)
            origin = Hop(clean_name(span), "group" if head.tag_ == "NNS" and kind == "anonymous" else kind,
                         (span.start_char, span.end_char))
            d.origins.append((Hop(clean_name(phrase(obj)), "document", None), origin))


def _body_start(doc: Doc, ctx) -> int:
    span = getattr(ctx.dateline, "span", None)
    return span[1] if span else 0


def extract(doc: Doc, ctx) -> tuple[list[Claim], list[Quote]]:
    d = Discourse(publisher=ctx.publisher)
    cited = cited_outlet(ctx.title or "")
    if cited:
        d.note(Hop(cited, "outlet", None))
    media = _media(doc)
    quotes = quote_spans(doc.text)
    start0 = _body_start(doc, ctx)
    drafts = []
    prev = None
    for sent in doc.sents:
        if sent.end_char <= start0 or not any(t.pos_ in ("VERB", "AUX") for t in sent):
            continue
        drafts.append(_analyse(sent, max(sent.start_char, start0), d, media, quotes, prev))
        prev = drafts[-1]
    claims = [Claim(text=t, span=s, status=st, cues=c, chain=complete(ch, d), confidence=conf)
              for t, s, st, c, ch, conf, _para in drafts]
    return claims, find_quotes(doc, quotes, claims)


def _analyse(sent: Span, start: int, d: Discourse, media, quotes, prev):
    doc = sent.doc
    cues: list[Cue] = []
    hops: list[Hop] = []
    for word, obj in _according(sent):
        cues.append(cue(word, "attribution", word.nbor(1)))
        hops.append(_hop(obj, d, media))
    verb = _say_verb(sent, quotes)
    chain_verb = verb
    while chain_verb is not None:
        cues.append(cue(chain_verb, "claim" if chain_verb.lemma_ in lx.CLAIM_VERBS else "attribution"))
        cues += negation_cues(chain_verb)
        subj = _subject(chain_verb)
        if subj is not None:
            hops.append(_hop(subj, d, media))
        verb, chain_verb = chain_verb, _inner_say(chain_verb, quotes)
    content = _content_root(verb, sent)
    cues += hedge_cues(sent) + modality_cues(content)
    _links(sent, d, media)
    para = doc.text.rfind("\n", 0, start)
    end = sent.end_char
    text = doc.text[start:end].strip()
    if hops:
        chain = assemble(d.publisher, hops, d)
        if prev and prev[4] and _continues(sent) and len(prev[4]) > len(chain) and \
                [h.name for h in prev[4][:len(chain)]] == [h.name for h in chain]:
            chain = prev[4]
        conf = 0.8
    elif prev and prev[6] == para and prev[2] != "asserted" and len(prev[4]) > 1:
        chain, conf = prev[4], 0.5  # unattributed sentence inside a reported paragraph
        cues.append(Cue("", (start, start), "continuation"))
    elif any(c.kind == "hedge" for c in cues) and d.outlet is not None:
        chain, conf = assemble(d.publisher, [], d) + [Hop(d.outlet.name, "outlet", d.outlet.span)], 0.5
    else:
        chain, conf = assemble(d.publisher, [], d), 0.7
    status = decide([c for c in cues if c.kind != "continuation"] +
                    ([Cue("", (0, 0), "attribution")] if len(chain) > 1 else []))
    return text, (start, end), status, cues, chain, conf, para


def _continues(sent: Span) -> bool:
    return any(t.lower_ in ("also", "further", "furthermore", "additionally") for t in sent) or \
        sent[0].lower_ in lx.PRONOUNS


def cited_outlet(title: str) -> str | None:
    """A headline suffix ': Sky News' / ' - Reuters' names the outlet the story is cited from."""
    for sep in (": ", " - ", " – ", " | "):
        if sep in title:
            tail = title.rsplit(sep, 1)[1].strip()
            words = tail.split()
            if 0 < len(words) <= 4 and all(w[:1].isupper() for w in words):
                return tail
    return None


def find_quotes(doc: Doc, spans, claims: list[Claim]) -> list[Quote]:
    out: list[Quote] = []
    for s, e in spans:
        claim = next((c for c in claims if c.span[0] <= s < c.span[1] or s <= c.span[0] < e), None)
        sent = doc.char_span(s, e, alignment_mode="expand")
        if sent is None:
            continue
        sents = {t.sent for t in sent}
        speaker, aff, verb, hop = None, None, None, None
        for st in sents:
            v = _say_verb(st, spans)
            if v is not None and _subject(v) is not None:
                subj = _subject(v)
                span = phrase(subj)
                speaker, verb = clean_name(span), v.text
                orgs = [x for x in span.ents if x.label_ in ("ORG", "NORP") and x.start > subj.i]
                ents = [x for x in doc.ents if x.label_ == "ORG" and span.start <= x.start and x.end <= subj.right_edge.i + 1 and x.start > subj.i]
                aff = (orgs or ents)[0].text if (orgs or ents) else None
                break
        chain = claim.chain if claim else []
        if speaker is None and out and doc.text.count("\n", out[-1].span[1], s) == 0:
            prevq = out[-1]
            speaker, aff, verb, chain = prevq.speaker, prevq.affiliation, prevq.cue, prevq.chain
        if speaker and chain and chain[-1].name.lower() != speaker.lower() and chain[-1].kind == "document":
            chain = [h for h in chain if h.kind in ("publisher", "outlet")] + [Hop(speaker, "document", None)]
        out.append(Quote(text=doc.text[s + 1:e - 1], span=(s, e), speaker=speaker, kind="direct",
                         affiliation=aff, cue=verb, chain=chain, confidence=0.8 if verb else 0.4))
    return out
