"""Sentence by sentence: sources, cues, status and chain of each claim, with what earlier
sentences established (names, the cited outlet, where documents came from)."""
from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from allegedly.provenance import lexicon as lx
from allegedly.provenance import sources as src
from allegedly.provenance import tagger
from allegedly.provenance.fullnames import expand
from allegedly.provenance.gender import fits
from allegedly.provenance.chains import (Discourse, assemble, clean_name, complete, kind_of, name_span,
                                          party_tag, phrase)
from allegedly.provenance.kinds import speaks
from allegedly.provenance.links import continues, named_again, quote_runs_on, refers_back
from allegedly.provenance.nested import content_span, is_cue
from allegedly.provenance.nested import side_attributions as subordinate_says
from allegedly.provenance.quote_records import find_quotes
from allegedly.provenance.quotes import inside as _inside
from allegedly.provenance.quotes import quote_spans
from allegedly.provenance.settle import UNNAMED_SPEAKER, quoted_speaker, quoted_unnamed, sourced, status_of
from allegedly.provenance.status import cue, hedge_cues, modality_cues, negation_cues
from allegedly.records import Claim, Cue, Hop, Quote
from allegedly.nlp.context import doc_text, last_ent_before, line_bounds


@dataclass
class Draft:
    """A claim before the article's last sentence is read (chains may still be completed)."""

    text: str
    span: tuple[int, int]
    status: str
    cues: list[Cue]
    chain: list[Hop]
    confidence: float
    para: int
    verb: Token | None = None  # the attribution verb, if any
    content: Token | None = None  # root of the reported content
    speaker: Hop | None = None  # the source nearest the content
    nested: bool = False  # reported content inside an asserted sentence (see nested.py)


def _media(doc: Doc) -> set[str]:
    return {e.text.lower() for e in (doc._.entities or []) if getattr(e, "type", "") == "media"}


def _hop(head: Token, d: Discourse, media: set[str]) -> Hop | None:
    """The hop ``head`` names; None for a pronoun with no antecedent or a thing that cannot speak."""
    if head.lower_ in ("i", "we", "me", "us"):
        if head.lower_ in ("i", "we") and head.dep_ == "nsubj" and not _inside(d.quotes, head.idx) \
                and not _quoted_or_reported(head):
            # the writer, or a transcript's speaker, speaking as "I" outside any quote ("I think
            # it's strong"): someone the article does not name otherwise
            return Hop(head.text if head.lower_ == "we" else "I", "person" if head.lower_ == "i" else "group",
                       (head.idx, head.idx + len(head.text)))
        return None  # a speaker's own "I think" inside a quote: the speaker is already the hop
    span = name_span(head)
    where = (span.start_char, span.end_char)
    low = _POSSESSIVES.get(head.lower_, head.lower_)  # "her assertion", "their call for"
    if low in ("he", "she"):
        ref = _person_before(head, d)
        if ref is not None:
            return Hop(ref.name, "person", where)
    if low in ("it", "this"):
        ref = _thing_before(head, d, media)
        return Hop(ref.name, ref.kind, where) if ref is not None else None
    if low in lx.PRONOUNS:
        ref = d.resolve(low)
        return Hop(ref.name, ref.kind, where) if ref is not None else None
    tagged = _party_tagged(head)
    if tagged is not None:
        head = tagged
        span = name_span(head)
    if not speaks(head):
        return None
    titled = _titled_person_before(head)
    if titled is not None:  # "the bank chief" after "US bank chief Ben Bernanke"
        hop = d.canonical(Hop(titled, "person", where))
        d.note(hop)
        return hop
    hop = Hop(clean_name(span), kind_of(span, media), where)
    definite = span[0].lower_ in ("the", "these", "those", "this", "such")
    hop = d.canonical(hop, definite)
    d.note(hop, definite)
    return hop


def _quoted_or_reported(head: Token) -> bool:
    """'Smith said: “I think …' (a quote whose closing mark is missing), 'he said I could go':
    an "I" after a quote mark or colon in its sentence, or inside someone's reported words."""
    before = doc_text(head.doc)[head.sent.start_char:head.idx]
    return any(m in before for m in ("“", '"', "‘", ":", "''")) or \
        any(a.lemma_ in lx.SAY_VERBS and a.pos_ == "VERB" for a in head.head.ancestors)


def _party_tagged(head: Token) -> Token | None:
    """'Sen. Ted Cruz (R-Texas) said': a party-and-state tag parsed as the subject is no
    speaker; the person named just before it is."""
    if not party_tag(head):
        return None
    doc = head.doc
    for t in reversed(doc[max(head.sent.start, head.left_edge.i - 6):head.left_edge.i]):
        if t.pos_ == "PROPN" and t.ent_type_ == "PERSON":
            return t
    return None


_POSSESSIVES = {"his": "he", "her": "she", "their": "they", "its": "it"}


def _titled_person_before(head: Token) -> str | None:
    """'the bank chief': the person an earlier sentence gave that title ('US bank chief Ben
    Bernanke', 'Ben Bernanke, the bank chief')."""
    det = [c for c in head.children if c.dep_ == "det"]
    lemma = head.lemma_.lower()
    if head.pos_ != "NOUN" or head.tag_ != "NN" or not det or det[0].lower_ != "the" \
            or lemma not in lx.ROLE_NOUNS | lx.OFFICIAL_NOUNS or lemma in lx.INSTITUTION_NOUNS:
        return None
    doc = head.doc
    mods = [c for c in head.children if c.dep_ in ("compound", "amod") and c.i < head.i]
    title = doc_text(doc)[(mods[0].idx if mods else head.idx):head.idx + len(head.text)].lower()
    text = doc_text(doc)
    people = [e for e in doc._.entities or [] if e.type == "person" and e.span[1] <= head.idx]
    for e in reversed(people):
        before = text[max(0, e.span[0] - len(title) - 1):e.span[0]].lower().strip()
        after = text[e.span[1]:e.span[1] + len(title) + 8].lower()
        if before.endswith(title) or after.lstrip(", ").removeprefix("the ").startswith(title):
            return e.name or e.text
    return None


def _thing_before(pron: Token, d: Discourse, media: set[str]) -> Hop | None:
    """'it'/'this': the nearest earlier subject that is not a person, in this or the previous
    sentence, or the last non-person source of the article."""
    sent = pron.sent
    lo = pron.doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
    cands = [t for t in pron.doc[lo:pron.i] if t.dep_ in ("nsubj", "nsubjpass") and t.pos_ in ("NOUN", "PROPN")
             and t.tag_ in ("NN", "NNP") and t.ent_type_ != "PERSON" and len(t.text) > 1 and speaks(t)]
    # the subject highest in its sentence, this sentence first: not one deep inside a quote
    cands.sort(key=lambda t: (t.sent.start == sent.start, -src.depth(t), t.i))
    known = [h for h in d.names if h.kind not in ("person", "anonymous") and h.span and h.span[1] <= pron.idx]
    tok = cands[-1] if cands else None
    if known and (tok is None or known[-1].span[0] > tok.idx):
        return known[-1]
    return _hop(tok, d, media) if tok is not None else None


def _person_before(pron: Token, d: Discourse) -> Hop | None:
    """'he'/'she': the person named last before it, as a source or anywhere in the text,
    passing over people the article marks with the other gender ("Ms. Clinton" for 'he')."""
    doc, low = pron.doc, _POSSESSIVES.get(pron.lower_, pron.lower_)
    hops = [h for h in d.names if h.kind == "person" and h.span and h.span[1] <= pron.idx
            and fits(doc, h.name, low)]
    last = last_ent_before(doc, pron.i, "PERSON")
    while last is not None and not fits(doc, clean_name(last), low):
        last = last_ent_before(doc, last.start, "PERSON")
    best_hop = hops[-1] if hops else None
    # a name in the source's own sentence ("X, a spokesman for Force Ouvrière") is not a rival
    after = best_hop is None or last is not None and last.sent.start_char > best_hop.span[1]
    if last is not None and after:
        named = d.canonical(Hop(clean_name(last), "person", (last.start_char, last.end_char)))
        if fits(doc, named.name, low):
            return named
    return best_hop


def _evidence_hops(head: Token, d: Discourse, media: set[str]) -> list[Hop]:
    """A source hop, followed by its maker when it is a document ('research done by X')."""
    hop = _hop(head, d, media)
    if hop is None:
        return []
    maker = src.agent(head) if hop.kind == "document" else None
    origin = _hop(maker, d, media) if maker is not None else None
    if origin is None:
        return [hop]
    d.origins.append((hop, origin))
    return [hop, origin]


def _links(sent: Span, d: Discourse, media: set[str]) -> None:
    """'received the documents from a group of defectors' → documents originate with them."""
    for t in sent:
        if t.lemma_ not in lx.RECEIVE_VERBS:
            continue
        obj = next((c for c in t.children if c.dep_ == "dobj"), None)
        frm = next((p for c in t.children if c.dep_ == "prep" and c.lower_ == "from"
                    for p in c.children if p.dep_ == "pobj"), None)
        if obj is not None and frm is not None and obj.lemma_ in lx.DOCUMENT_NOUNS:
            head = frm
            if frm.lemma_ in lx.GROUP_NOUNS:  # "a group of IS defectors": the defectors are the origin
                head = next((p for c in frm.children if c.lower_ == "of" for p in c.children), frm)
            span = phrase(head)
            origin = Hop(clean_name(span), kind_of(span, media), (span.start_char, span.end_char))
            d.origins.append((Hop(clean_name(name_span(obj)), "document", None), origin))


def extract(doc: Doc, ctx) -> tuple[list[Claim], list[Quote]]:
    d = Discourse(publisher=ctx.publisher)
    cited = cited_outlet(ctx.title or "")
    if cited:
        d.outlet = Hop(cited, "outlet", None)
        d.note(d.outlet)
    media = _media(doc)
    quotes = quote_spans(doc_text(doc))
    d.quotes = quotes
    dl = getattr(ctx.dateline, "span", None) or (0, 0)
    drafts: list[Draft] = []
    seen: set[str] = set()
    learnt = tagger.model()  # None unless ALLEGEDLY_ATTRIBUTION_TAGGER names a model
    for sent in doc.sents:
        if dl[0] <= sent.start_char and sent.end_char <= dl[1]:
            continue  # the dateline itself
        start = dl[1] if sent.start_char < dl[1] < sent.end_char else sent.start_char
        key = doc_text(doc)[start:sent.end_char].strip()
        if key in seen or not _says_something(sent, start):
            continue  # a repeated standfirst line is one claim, not two
        seen.add(key)
        prev = next((x for x in reversed(drafts) if not x.nested), None)
        drafts.append(_analyse(sent, start, d, media, quotes, prev))
        outer = len(drafts) - 1
        drafts += _nested(sent, drafts[-1], d, media, quotes)
        if learnt is not None:
            drafts += _tagged(sent, drafts[outer], drafts[outer + 1:], d, media, quotes, learnt)
    for dr in drafts:
        dr.chain = complete(dr.chain, d)
    found = find_quotes(doc, quotes, drafts)
    for dr in drafts:
        _agree_with_quotes(doc, dr, found)
    drafts = [dr for dr in drafts if not _repeats_outer(dr, drafts)]
    claims = [Claim(text=x.text, span=x.span, status=x.status, cues=x.cues, chain=x.chain,
                    confidence=x.confidence) for x in drafts]
    return expand(claims, found, list(doc._.entities or []))


def _chain_verbs(sent: Span, quotes) -> set[int]:
    verb, out = src.say_verb(sent, quotes), set()
    while verb is not None and verb.i not in out:
        out.add(verb.i)
        verb = src.inner_say(verb, quotes)
    return out


_HEAD_LINES = 2  # the headline and standfirst: verbless ("Clinton's Health Scare") yet claims
_MIN_VERBLESS_WORDS = 6


def _says_something(sent: Span, start: int) -> bool:
    """A sentence with a verb; a headline or standfirst line (the first lines of the text)
    even without one; a long verbless line ("Trump's ‘Big, Beautiful Wall’, Explained")."""
    if any(t.pos_ in ("VERB", "AUX") for t in sent):
        return True
    words = sum(t.is_alpha for t in sent)
    return words >= 2 and start < _head_end(sent.doc) or words >= _MIN_VERBLESS_WORDS


def _head_end(doc: Doc) -> int:
    """Where the head lines end: the first offset with _HEAD_LINES line breaks before it (a
    paragraph break counts once). Found once per doc, so long articles stay linear."""
    end = doc.user_data.get("allegedly_head_end")
    if end is None:
        text, end, pos = doc_text(doc), len(doc_text(doc)), -1
        while (pos := text.find("\n", pos + 1)) >= 0:
            if text.count("\n", 0, pos + 1) - text.count("\n\n", 0, pos + 1) >= _HEAD_LINES:
                end = pos + 1
                break
        doc.user_data["allegedly_head_end"] = end
    return end


def _colon_source(sent: Span) -> Token | None:
    """'Trey Gowdy: Benghazi Investigation Helped Reveal Clinton Email Scandal': a name alone
    before a colon opening the sentence is the source of what follows (headline style)."""
    colon = next((t for t in sent[:7] if t.text == ":"), None)
    if colon is None or colon.i == sent.start or sent.end - colon.i < 4:
        return None
    lead = sent.doc[sent.start:colon.i]
    if len(lead) <= 3 and all(t.text.isupper() and t.is_alpha for t in lead):
        return lead[-1]  # a transcript's speaker: "TAPPER: …", "Q: …"
    if not all(t.pos_ == "PROPN" or t.text in (".", "-", "'s", "’s") for t in lead):
        return None
    if not any(t.ent_type_ in ("PERSON", "ORG", "NORP") for t in lead):
        return None
    return next((t for t in reversed(lead) if t.pos_ == "PROPN"), None)


def _caps_hop(tok: Token) -> Hop | None:
    if not tok.text.isupper():
        return None
    kind = "anonymous" if len(tok.text) == 1 else "person"  # "Q": the unnamed interviewer
    return Hop(tok.text, kind, (tok.idx, tok.idx + len(tok.text)))


def _nested(sent: Span, outer: Draft, d: Discourse, media, quotes) -> list[Draft]:
    """Claims for attributions off the main chain of a sentence: the writer asserts the act
    ("Trump has praised Putin as a strong leader"), the content is the speaker's."""
    skip = _chain_verbs(sent, quotes)
    attributed = sourced(outer.chain) and outer.content is not None and outer.status != "asserted"
    if attributed:  # what the outer source reports is theirs, nested reports included
        skip |= {t.i for t in outer.content.subtree} if outer.content.i not in skip else set()
    # what the sentence's own cues govern is already its claim ("is said to be planning …",
    # "Citing people familiar …, the Journal reported")
    governed = {t.i for c in outer.cues if c.text for t in sent if c.span[0] <= t.idx < c.span[1]}
    governed |= {t.i for t in sent if t.lemma_ in lx.PASSIVE_HEDGE_VERBS and any(c.dep_ == "auxpass" for c in t.children)}
    if governed:  # most sentences have none: then no token's ancestors need walking
        skip |= {t.i for t in sent if t.i in governed or any(a.i in governed for a in t.ancestors)}
    if attributed and outer.verb is not None:  # "…, adding that B": B is a statement of its own
        skip -= {x.i for t in outer.verb.children if _goes_on(t, outer) for x in t.subtree}
    out = []
    for verb, speaker, content in subordinate_says(sent, quotes, skip):
        where = content_span(content, sent)
        if where is None or where[0] < outer.span[0]:
            continue
        hop = _hop(speaker, d, media)
        if hop is None or attributed and hop.name == outer.chain[-1].name and not _goes_on(verb, outer):
            continue  # "X said A, suggesting B": the sentence is X's already
        rel = src.subject(verb)
        if rel is not None and rel.lower_ in ("who", "which", "that") and rel.i != speaker.i:
            # "Clinton, who told reporters that …": named here by "who", as "he" would be
            hop = replace(hop, span=(rel.idx, rel.idx + len(rel.text)))
        span = sent.doc.char_span(*where, alignment_mode="expand")
        root = min(content, key=lambda t: src.depth(t))
        prop = src.proposition(root)
        cues = [cue(verb, "claim" if verb.lemma_ in lx.CLAIM_VERBS else "attribution")] + negation_cues(verb) + \
            hedge_cues(span) + modality_cues(prop, verb if prop is root else prop.head)
        chain = assemble(d.publisher, [hop], d)
        cues, status = status_of(cues, chain)
        out.append(Draft(doc_text(sent.doc)[where[0]:where[1]], where, status, cues, chain, 0.6, outer.para,
                         verb, root, hop, nested=True))
    return out


# -- the learnt tagger (tagger.py): attributions the rules leave with the writer -------------

def _tagged(sent: Span, outer: Draft, nested: list[Draft], d: Discourse, media, quotes, learnt) -> list[Draft]:
    """Attributions the sequence tagger is confident of in a sentence the rules leave
    asserted (a phrase cue "is bent on", "in favor of", a cue at the sentence's end): each is
    a nested claim held by the source the tagger marks or the cue's subject, named as the
    rules name sources. Sentences mostly inside a direct quote are the quote's already."""
    doc = sent.doc
    if sourced(outer.chain) or _quoted(sent, quotes):
        return []
    out: list[Draft] = []
    for found in tagger.read(sent, quotes, learnt):
        where = content_span([doc[i] for i in found.content], sent)
        if where is None or where[0] < outer.span[0] or \
                any(_overlap(where, x.span) > 0.5 for x in nested + out):
            continue  # the rules' nested claim holds it already
        head = tagger.holder(doc, found)
        hop = _hop(head, d, media) if head is not None else None
        if hop is None:
            continue  # nobody to hold it: the writer's, as the rules said
        verb = tagger.cue_head(doc, found)
        span = doc.char_span(*where, alignment_mode="expand")
        root = min(span, key=lambda t: src.depth(t))
        prop = src.proposition(root)
        cues = [cue(doc[found.cue[0]], "claim" if verb.lemma_ in lx.CLAIM_VERBS else "attribution",
                    doc[found.cue[-1]])] + negation_cues(verb) + hedge_cues(span) + modality_cues(prop, verb)
        chain = assemble(d.publisher, [hop], d)
        cues, status = status_of(cues, chain)
        out.append(Draft(doc_text(doc)[where[0]:where[1]], where, status, cues, chain,
                         round(0.6 * found.confidence, 2), outer.para, verb, root, hop, nested=True))
    return out


def _quoted(sent: Span, quotes) -> bool:
    size = max(1, sent.end_char - sent.start_char)
    return sum(max(0, min(sent.end_char, e) - max(sent.start_char, s)) for s, e in quotes) / size > 0.5


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    return max(0, min(a[1], b[1]) - max(a[0], b[0])) / max(1, a[1] - a[0])

# -- end of the learnt tagger ----------------------------------------------------------------


def _hides_source(sent: Span) -> bool:
    """'The rebels are believed to have withdrawn': a passive say-verb says the source is unstated,
    so the sentence does not continue the report before it."""
    return any(t.lemma_ in lx.PASSIVE_HEDGE_VERBS and t.tag_ == "VBN" and
               any(c.dep_ == "auxpass" for c in t.children) for t in sent)


def _repeats_outer(dr: Draft, drafts: list[Draft]) -> bool:
    """A nested claim says nothing new once its sentence is attributed the same way
    ('X justified it by saying, “…”' turned out to be X's quote as a whole), unless it is a
    statement of its own that goes on from the sentence's ("X said A, adding that B")."""
    return dr.nested and any(not o.nested and o.span[0] <= dr.span[0] and dr.span[1] <= o.span[1]
                             and o.status == dr.status and o.chain == dr.chain
                             and not _goes_on(dr.verb, o) for o in drafts)


def _goes_on(verb: Token | None, outer: Draft) -> bool:
    """'X said A, adding/noting/arguing that B': a participle hanging on the sentence's say-verb,
    with a clause of its own after the said content — PolNeAR's second attribution, B. A
    document does not go on ("one document read, suggesting that …" is the writer's reading)."""
    return verb is not None and outer.verb is not None and verb.head.i == outer.verb.i \
        and bool(outer.chain) and outer.chain[-1].kind != "document" \
        and verb.tag_ == "VBG" and verb.dep_ in ("advcl", "conj", "xcomp") and verb.i > outer.verb.i \
        and any(c.dep_ in ("ccomp", "parataxis") for c in verb.children) \
        and (outer.content is None or outer.content.i == outer.verb.i or verb.i not in {t.i for t in outer.content.subtree})


def _agree_with_quotes(doc: Doc, dr: Draft, quotes: list[Quote]) -> None:
    """A sentence that is mostly a direct quote of a known speaker is that speaker's report;
    the quote's verb, when it stands in this sentence, is the cue ('…,” claims X': claimed)."""
    if sourced(dr.chain):
        return
    q = quoted_speaker(dr.span, dr.text, quotes)
    if q is None:
        unnamed = quoted_unnamed(dr.span, dr.text, quotes)
        if unnamed is not None:  # someone's words, though the article never says whose: not the writer's
            dr.chain = dr.chain + [Hop(UNNAMED_SPEAKER, "anonymous", None)]
            dr.cues, dr.status = status_of(dr.cues + [Cue("", (unnamed.span[0], unnamed.span[0]), "quote")],
                                           dr.chain)
            dr.confidence = 0.4
        return
    dr.chain = list(q.chain)
    verb = _cue_token(doc, dr.span, q)
    new = cue(verb, "claim" if verb.lemma_ in lx.CLAIM_VERBS else "attribution") if verb is not None \
        else Cue("", (q.span[0], q.span[0]), "quote")
    dr.cues, dr.status = status_of(dr.cues + [new], dr.chain)
    dr.confidence = min(q.confidence, 0.7)


def _cue_token(doc: Doc, span: tuple[int, int], q: Quote) -> Token | None:
    if not q.cue or not q.cue.isalpha():
        return None
    for at in (doc_text(doc).find(q.cue, q.span[1], span[1]), doc_text(doc).rfind(q.cue, span[0], q.span[0])):
        tok = doc.char_span(at, at + len(q.cue)) if at >= 0 else None
        if tok is not None and len(tok) == 1 and (tok[0].lemma_ in lx.SAY_VERBS or tok[0].pos_ == "VERB"):
            return tok[0]
    return None


def _source_hops(sent: Span, d: Discourse, media, quotes, cues: list[Cue]):
    """Hops from the outermost source inwards, the attribution verb and the content root."""
    verb = src.say_verb(sent, quotes)
    content = src.content_root(verb, sent)
    outer, inner, late = [], [], []  # late: cues of sources inside the content
    for word, obj in src.according(sent):
        in_content = verb is not None and content.i != verb.i and src.inside_clause(word, content)
        (inner if in_content else outer).append(obj)
        (late if in_content else cues).append(cue(word, "attribution", word.nbor(1)))
    hops = [h for obj in outer for h in _evidence_hops(obj, d, media)]
    chain_verb, last = verb, None
    while chain_verb is not None:
        subj = src.subject(chain_verb)
        if subj is not None and not speaks(subj):
            break  # "the plane promises …": a thing is not a source
        cues.append(cue(chain_verb, "claim" if chain_verb.lemma_ in lx.CLAIM_VERBS else "attribution"))
        cues.extend(negation_cues(chain_verb))
        if subj is not None:
            hops.extend(_evidence_hops(subj, d, media))
        inner.extend(src.citing(chain_verb) + src.quoted(chain_verb))
        last, chain_verb = chain_verb, src.inner_say(chain_verb, quotes)
    content = src.content_root(last, sent)
    cues.extend(late)
    hops += [h for obj in inner for h in _evidence_hops(obj, d, media)]
    return hops, last, content


def _analyse(sent: Span, start: int, d: Discourse, media, quotes, prev: Draft | None) -> Draft:
    doc = sent.doc
    cues: list[Cue] = []
    hops, verb, content = _source_hops(sent, d, media, quotes, cues)
    named = _colon_source(sent) if not hops else None
    if named is not None and (hop := _hop(named, d, media) or _caps_hop(named)) is not None:
        hops = [hop]
        cues.append(cue(sent.doc[next(t.i for t in sent if t.text == ":")], "attribution"))
    prop = src.proposition(content)
    cues += hedge_cues(sent) + modality_cues(prop, verb if prop is content else prop.head)
    _links(sent, d, media)
    para = line_bounds(doc, start)[0] - 1  # the newline before the sentence, -1 if none
    end = sent.end_char
    text = doc_text(doc)[start:end].strip()
    if hops:
        chain = assemble(d.publisher, hops, d)
        if prev and continues(sent) and len(prev.chain) > len(chain) and \
                [h.name for h in prev.chain[:len(chain)]] == [h.name for h in chain]:
            chain = prev.chain
        elif prev and len(chain) == len(hops) + 1:
            chain = named_again(sent, hops, prev) or chain
        conf = 0.8
    elif prev and sourced(prev.chain) and quote_runs_on(quotes, prev, start):
        chain, conf = prev.chain, 0.7  # a direct quote opened in an earlier sentence runs on
        cues.append(Cue("", (start, start), "continuation"))
    elif prev and prev.para == para and prev.status != "asserted" and sourced(prev.chain) and \
            refers_back(sent, prev.text) and not _hides_source(sent):
        chain, conf = prev.chain, 0.5  # "They …", "The files …": the reported paragraph goes on
        cues.append(Cue("", (start, start), "continuation"))
        chain = _named_by_pronoun(sent, chain, cues)
    elif any(c.kind == "hedge" for c in cues) and d.outlet is not None:
        # "Some documents purportedly contained orders": the documents are the hedged evidence
        subj = _root_subject(sent)
        docs = _evidence_hops(subj, d, media) if subj is not None and subj.lemma_ in lx.DOCUMENT_NOUNS else []
        chain, conf = assemble(d.publisher, [Hop(d.outlet.name, "outlet", d.outlet.span), *docs], d), 0.5
    elif (relay := _outlet_as_subject(sent, d, media)) is not None:
        chain, conf = assemble(d.publisher, [relay], d), 0.6
        cues.append(Cue(doc_text(doc)[relay.span[0]:relay.span[1]], relay.span, "relay"))
    else:
        chain, conf = assemble(d.publisher, [], d), 0.7
    cues, status = status_of(cues, chain)
    return Draft(text, (start, end), status, cues, chain, conf, para, verb, content,
                 hops[-1] if hops else None)


def _named_by_pronoun(sent: Span, chain: list[Hop], cues: list[Cue]) -> list[Hop]:
    """'Cruz has said … . He defended Trump's remarks …': the sentence goes on with the same
    source, named here by its pronoun subject (where the hop is, as a resolved "he" elsewhere),
    and a cue verb it governs is the sentence's own cue ("defended")."""
    subj = _root_subject(sent)
    last = chain[-1] if chain else None
    if subj is None or last is None:
        return chain
    if not (subj.lower_ in ("he", "she") and last.kind == "person" and fits(sent.doc, last.name, subj.lower_)
            or subj.lower_ == "they" and last.kind in ("group", "official", "anonymous")):
        return chain
    if is_cue(sent.root):
        cues.append(cue(sent.root, "attribution"))
    return [*chain[:-1], replace(last, span=(subj.idx, subj.idx + len(subj.text)))]


def _root_subject(sent: Span) -> Token | None:
    return src.subject(sent.root) if sent.root.pos_ in ("VERB", "AUX") else None


def _outlet_as_subject(sent: Span, d: Discourse, media: set[str]) -> Hop | None:
    """'Sky received the documents from …' in a story relayed from Sky News: what the cited
    outlet did is known from the outlet alone, so the sentence is its report, not the relay's."""
    subj = _root_subject(sent) if d.outlet is not None else None
    if subj is None or subj.pos_ != "PROPN":
        return None
    hop = _hop(subj, d, media)
    return hop if hop is not None and hop.name == d.outlet.name and hop.span else None


def cited_outlet(title: str) -> str | None:
    """A headline suffix ': Sky News' / ' - Reuters' names the outlet the story is cited from.

    The tail must look like an outlet (a media word such as News/Times/TV, or an all-caps
    acronym like AFP), so 'Boeing 787: First Flight' cites nobody.
    """
    for sep in (": ", " - ", " – ", " | "):
        if sep in title:
            tail = title.rsplit(sep, 1)[1].strip()
            words = tail.split()
            if not 0 < len(words) <= 4 or not all(w[:1].isupper() for w in words):
                continue
            lows = {w.lower().strip(".'’") for w in words}
            if lows & lx.MEDIA_WORDS or (len(words) == 1 and tail.isupper() and 2 <= len(tail) <= 6):
                return tail
    return None
