"""Quote records: direct quotes (text between quote marks) and indirect ones ("X said that …",
"X told Y that …"), each with its speaker, affiliation, cue and chain.

A direct quote takes its speaker from the attribution of the sentences it overlaps (before,
inside or after the marks); a quote with none continues the previous quote's speaker when
it follows closely in the same paragraph (a quote running on over several sentences).
"""
from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from allegedly.provenance import lexicon as lx
from allegedly.provenance.chains import clean_name, kind_of, name_span
from allegedly.provenance.kinds import speaks
from allegedly.provenance import speakers
from allegedly.provenance.quotes import inside
from allegedly.provenance.sources import agent, attributes, subject
from allegedly.records import Hop, Quote
from allegedly.nlp.context import doc_text

_EDGE_PUNCT = frozenset(", . ; : – — - ( )".split())  # quote marks stay: they close a quoted term
_MARKS = " \n\t'\"“”‘’"  # quote marks and spaces: what a sentence may share with a quote it does not hold
_NEAR = 200
_NAMING_VERBS = frozenset("call dub label brand term".split())  # "X called it “a textbook case …”": X's words
_ATTRIBUTION_CHARS = 80
_SENT_END = re.compile(r"[.!?][”\"']?\s")  # characters between two quotes for the second to inherit the speaker


def affiliation(verb: Token | None) -> str | None:
    """The organisation in the speaker's phrase: 'Dr. X of the think tank Royal United …'; a
    participle ('…, saying') takes the subject of the clause it belongs to."""
    while verb is not None and subject(verb) is None and verb.dep_ in ("advcl", "xcomp", "conj"):
        verb = verb.head
    subj = subject(verb) if verb is not None else None
    if subj is not None and subj.tag_ in ("WP", "WDT") and verb.dep_ == "relcl":
        subj = _who_person(subj, verb.head)  # "…, who stated": the person the clause is about
    return speakers.affiliation(subj)


def _attributed(d, spans):
    """(speaker, cue, chain, affiliation, confidence) from a sentence's own attribution."""
    if d.speaker is None or (d.verb is not None and inside(spans, d.verb.idx)):
        return None
    if d.verb is not None:
        quoted = speakers.quoted_person(d.verb)
        if quoted is not None:  # "Detik.com quoted Djamal as saying": the outlet is a hop, not the speaker
            hop = _speaker_hop(quoted)
            return hop.name, d.verb.text, [h for h in d.chain if h.name != hop.name] + [hop], \
                speakers.affiliation(quoted), 0.7
        subj = _clause_subject(d.verb)
        if subj is not None and subj.pos_ == "PRON" and d.speaker.kind == "document" and d.speaker.span:
            # "An email from X …: “…,” it said": the document named last before the pronoun
            head = d.speaker.name.lower().split()[-1]
            named = [t for t in d.verb.doc[:subj.i] if t.lemma_.lower() == head or t.lower_ == head]
            subj = named[-1] if named else subj
        author = _document_author(subj, [h for h in d.chain if h.name != d.speaker.name])
        if author is not None:
            return author[0], d.verb.text, author[1], author[2], 0.8
        return d.speaker.name, d.verb.text, d.chain, affiliation(d.verb), 0.8
    word = next((c.text for c in d.cues if c.kind == "attribution" and c.text), None)  # "according to"
    return (d.speaker.name, word, d.chain, None, 0.7) if word else None


def _speaker_hop(subj: Token) -> Hop:
    sp = name_span(subj)
    return Hop(clean_name(sp).strip("“”\"'"), kind_of(sp, set()), (sp.start_char, sp.end_char))


def _from_verb(verb: Token, chain, conf: float):
    """Speaker of ``verb``: its subject, the noun a 'who' clause hangs on, or the subject of the
    clause a participle belongs to ('…, saying “…”')."""
    head = verb
    while subject(head) is None and head.head.i != head.i:
        head = head.head
    subj = subject(head)
    aff = affiliation(head)
    if subj is not None and subj.tag_ in ("WP", "WDT") and head.dep_ == "relcl":
        subj = _who_person(subj, head.head)
        aff = speakers.affiliation(subj)
    if subj is None or subj.pos_ not in ("PROPN", "NOUN") or not speaks(subj):
        return None
    outer = [h for h in chain if h.kind in ("publisher", "outlet")]
    author = _document_author(subj, outer)
    if author is not None:
        return author[0], verb.text, author[1], author[2], conf
    hop = _speaker_hop(subj)
    return hop.name, verb.text, outer + [hop], aff, conf


def _clause_subject(verb: Token) -> Token | None:
    while subject(verb) is None and verb.dep_ in ("advcl", "xcomp", "conj"):
        verb = verb.head
    return subject(verb)


def _document_author(subj: Token | None, outer: list[Hop]):
    """'An additional email by Roche …, saying “…”': the author speaks through the document —
    speaker Roche, chain … → email ← Roche (as 'a statement from Apple Computer' does)."""
    maker = agent(subj) if subj is not None and subj.lemma_.lower() in lx.DOCUMENT_NOUNS else None
    if maker is None or maker.pos_ != "PROPN":
        return None
    hop = _speaker_hop(maker)
    doc_hop = Hop(subj.lemma_.lower(), "document", (subj.idx, subj.idx + len(subj.text)))
    return hop.name, [h for h in outer if h.kind in ("publisher", "outlet")] + [doc_hop, hop], \
        speakers.affiliation(maker)


def _who_person(who: Token, noun: Token) -> Token:
    """'Charles O'Reilly, a management expert at Stanford University, who stated': the parser
    may hang 'who' on the organisation; 'who' speaks for a person, so it is the person named
    last before it in the sentence."""
    if who.lower_ != "who" or noun.ent_type_ not in ("ORG", "GPE", "LOC", "FAC"):
        return noun
    people = [t for t in noun.sent if t.i < noun.i and t.ent_type_ == "PERSON" and t.pos_ == "PROPN"]
    return people[-1] if people else noun


def _adjacent(doc: Doc, s: int, e: int, chain):
    """A verb right after the closing mark or right before the opening one, with a name as its
    subject, attributes the quote whatever the verb ('“…,” enthused Scott Fancher')."""
    inner = doc_text(doc)[s + 1:e - 1].rstrip()
    after = doc.char_span(e, min(len(doc_text(doc)), e + 40), alignment_mode="expand")
    before = doc.char_span(max(0, s - 40), s, alignment_mode="expand")
    if before is not None and len(before) and before[-1].is_space and s - before[-1].idx <= 4:
        # 'Cruz continued:' ending the paragraph before the quote's: the break is a token of its own
        before = before[:-1]
    near = []
    if inner.endswith((",", "?", "!")) or doc_text(doc)[e:e + 1] == ",":  # '“…,” enthused X'
        near += [t for t in (after or [])[:2]]
    if before is not None and len(before) >= 2:  # 'X said “…”', 'X remarked: “…”'
        last, prev = before[-1], before[-2]
        near += [last] if attributes(last) else [prev] if last.text in (",", ":") and prev.pos_ == "VERB" else []
        # "has called it “…”", "Steve called podcasting “…”": a naming verb just before the marks
        near += [t for t in [*before[-3:], last.head] if t.lemma_ in _NAMING_VERBS and t.pos_ == "VERB"
                 and t.sent.start == before[-1].sent.start][:1]
    # a capitalised noun that can speak, as the small model tags some names it does not know
    verb = next((t for t in near if t.pos_ == "VERB" and subject(t) is not None
                 and (subject(t).pos_ == "PROPN" or subject(t).pos_ == "NOUN" and subject(t).text[:1].isupper()
                      and speaks(subject(t)))), None)
    if verb is not None:
        return _from_verb(verb, chain, 0.7)
    if near and after is not None and near[0].i == after[0].i:
        found = _inverted_speaker(near[0], chain)
        if found:
            return found
    return _colon_speaker(before, chain) if before is not None and len(before) >= 2 else None


def _addressee(name: Token) -> bool:
    """'… to the Secretary Bill Bodie: “…”': the name the words are addressed to."""
    head = name
    while head.dep_ in ("compound", "appos", "flat", "conj") and head.head.i != head.i:
        head = head.head
    return head.dep_ == "pobj" and head.head.lower_ in ("to", "for", "with")


def _inverted_speaker(word: Token, chain):
    """'“…,” claims writer John Ostrower': the tagger may read an inverted say-verb as a noun
    modifier; a say-verb lemma right after the quote with a person named just after it (in the
    same sentence) still attributes the quote to that person."""
    if word.lemma_ not in lx.SAY_VERBS or word.tag_ not in ("VBZ", "VBD", "VBP", "NNS", "NN"):
        return None
    doc = word.doc
    people = [e for e in doc._.entities or [] if e.type == "person" and word.idx < e.span[0]
              and e.span[0] - (word.idx + len(word.text)) < 40 and e.span[1] <= word.sent.end_char]
    if not people:
        return None
    sp = doc.char_span(*people[0].span, alignment_mode="expand")
    if sp is None or any(t.lemma_ in lx.SAY_VERBS and t.pos_ == "VERB" for t in doc[word.i + 1:sp.start]):
        return None
    hop = Hop(clean_name(sp), "person", (sp.start_char, sp.end_char))
    outer = [h for h in chain if h.kind in ("publisher", "outlet")]
    return hop.name, word.text, outer + [hop], None, 0.6


def _colon_speaker(before, chain):
    """'Chelune spoke about the incident: “…”', 'Interior minister Ali Hassan: “…”': a colon
    right before the marks introduces the words of the clause's subject, or of the name that
    stands alone before it."""
    colon = before[-1]
    if colon.text != ":":
        return None
    lead = colon.doc[colon.sent.start:colon.i]
    if not len(lead):
        return None
    verbs = [t for t in lead if t.pos_ == "VERB" and subject(t) is not None and subject(t).i < colon.i]
    subj = subject(verbs[0]) if verbs else None
    if subj is None and not verbs and lead[-1].pos_ == "PROPN" and not _addressee(lead[-1]):
        subj = lead[-1]  # no verb: the name before the colon is the speaker
    if subj is None or subj.pos_ not in ("PROPN", "NOUN") or not speaks(subj):
        return None
    hop = _speaker_hop(subj)
    outer = [h for h in chain if h.kind in ("publisher", "outlet")]
    return hop.name, verbs[0].text if verbs else ":", outer + [hop], None, 0.6


def _any_say(doc: Doc, s: int, e: int, spans, chain):
    """A say-verb anywhere in the quote's sentences outside the marks (participles, 'who stated')."""
    span = doc.char_span(s, e, alignment_mode="expand")
    for sent in sorted({t.sent for t in span}, key=lambda x: x.start) if span is not None else ():
        for t in sent:
            if attributes(t) and not inside(spans, t.idx):
                found = _from_verb(t, chain, 0.6)
                if found:
                    return found
    return None


def _between_is_attribution(gap: str) -> bool:
    """Two quotes of one speaker have at most a short attribution between them ('…,” he said.')."""
    return len(gap.strip()) < _ATTRIBUTION_CHARS and "\n\n" not in gap and len(_SENT_END.findall(gap)) <= 1


_LEAD_CHARS = 12


def _after_its_attribution(doc: Doc, prev: Quote, s: int) -> bool:
    """'“…,” said X, head of policy at Y. Now, “…”': the sentence before is the previous
    quote's own attribution, and this one opens its sentence (bar a word like 'Now,' or
    'But'), in the same paragraph: the quote runs on."""
    if prev.speaker is None:
        return False
    gap = doc_text(doc)[prev.span[1]:s]
    here = doc.char_span(s, s + 1, alignment_mode="expand")
    there = doc.char_span(prev.span[1] - 1, prev.span[1], alignment_mode="expand")
    if "\n" in gap or here is None or there is None:
        return False
    sent, before = here[0].sent, there[0].sent
    if sent.start == before.start or doc[sent.start - 1].sent.start != before.start:
        return False  # the same sentence, or a sentence between them
    lead = doc_text(doc)[sent.start_char:s]
    return len(lead.strip()) <= _LEAD_CHARS and not any(c.isdigit() for c in lead)


def _split_attribution(doc: Doc, e: int, drafts, spans):
    """The sentence right after the closing mark is only the quote's attribution ('she said.',
    'the report said on Monday.'): its say-verb opens it and takes no clause of its own."""
    nxt = next((d for d in drafts if not d.nested and 0 <= d.span[0] - e <= 2), None)
    verb = nxt.verb if nxt is not None else None
    if verb is None or verb.i - verb.sent.start > 4 or verb.sent.end_char - nxt.span[0] > 80 or \
            any(c.dep_ in ("ccomp", "parataxis", "dobj", "xcomp") for c in verb.children):
        return None
    return _attributed(nxt, spans)


def _near(doc: Doc, end: int, s: int) -> bool:
    return 0 <= s - end < _NEAR and "\n\n" not in doc_text(doc)[end:s]


def _opens_or_said(doc: Doc, s: int) -> bool:
    """A quote inside a sentence of the writer's own ('… which gives the Treasury the permission
    “to deal in gold …”') quotes a text, not the speaker of the sentence before."""
    span = doc.char_span(s, s + 1, alignment_mode="expand")
    if span is None or len(doc_text(doc)[span[0].sent.start_char:s].strip()) <= 2:
        return True
    return any(attributes(t) for t in doc[span[0].sent.start:span.start])  # 'Regarding X he said, “…


def _direct(doc: Doc, spans, drafts) -> list[Quote]:
    out: list[Quote] = []
    for s, e in spans:
        # a sentence that shares only the opening marks (the parser hung ''/“ on the sentence
        # before) does not hold the quote
        over = [d for d in drafts if d.span[0] < e and s < d.span[1]
                and doc_text(doc)[max(s, d.span[0]):min(e, d.span[1])].strip(_MARKS)]
        base = over[0].chain if over else []
        found = next((a for a in (_attributed(d, spans) for d in over) if a), None)
        found = found or _adjacent(doc, s, e, base) or _any_say(doc, s, e, spans, base)
        if found is None and out and (_between_is_attribution(doc_text(doc)[out[-1].span[1]:s])
                                      or _after_its_attribution(doc, out[-1], s)):
            p = out[-1]  # a quote running on after the previous one
            found = p.speaker, p.cue, p.chain, p.affiliation, 0.6
        if found is None:  # '"…?" she said. "…"': the parser cut the attribution off as a sentence
            found = _split_attribution(doc, e, drafts, spans)
        if found is None and _opens_or_said(doc, s):  # '“…,” he said. “…”': the sentence before attributes it
            before = [d for d in drafts if d.span[1] <= s + 1 and _near(doc, d.span[1], s + 1)]
            found = _attributed(before[-1], spans) if before else None
            found = found and (*found[:4], 0.5)
        speaker, cue, chain, aff, conf = found or (None, None, over[0].chain if over else [], None, 0.4)
        out.append(Quote(text=doc_text(doc)[s + 1:e - 1].strip().strip("'").rstrip(","), span=(s, e), speaker=speaker,
                         kind="direct", affiliation=speakers.keep_affiliation(speaker, aff, chain), cue=cue,
                         chain=chain, confidence=conf))
    return out


def _content_tokens(content: Token, start: int, spans) -> list[Token] | None:
    """The reported clause without its 'that', a second attribution joined to it ('…, and a
    defector told Sky that …') or anything before the claim (a dateline); None if quoted."""
    cut = {t.i for c in content.children if c.dep_ == "conj" and attributes(c) and subject(c) is not None
           for t in c.subtree}
    cut |= {c.i for c in content.children if c.dep_ == "cc" and any(c.i < i for i in cut)}
    # sorted: on a non-projective parse ('4,300 jobs in France, 3,700 in Germany, 1,600 in UK')
    # Token.subtree is not in text order, and its last token is not the clause's end
    toks = sorted((t for t in content.subtree if t.i not in cut and t.idx >= start), key=lambda t: t.i)
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
    return Quote(text=doc_text(doc)[s:e], span=(s, e), speaker=speaker, kind="indirect",
                 affiliation=speakers.keep_affiliation(speaker, affiliation(verb), chain), cue=verb.text,
                 chain=chain, confidence=0.7)


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
            if inner is None or not speaks(subject(verb)):
                continue
            name_sp = name_span(subject(verb))
            hop = Hop(clean_name(name_sp), kind_of(name_sp, set()), (name_sp.start_char, name_sp.end_char))
            chain = [h for h in d.chain if h.kind in ("publisher", "outlet")] + [hop]
            q = _indirect_quote(doc, verb, inner, d.span[0], hop.name, chain, spans)
            out += [q] if q else []
    return out


def find_quotes(doc: Doc, spans, drafts) -> list[Quote]:
    quotes = _direct(doc, spans, drafts) + _indirect(doc, spans, drafts)
    return speakers.carry_affiliations(speakers.full_names(sorted(quotes, key=lambda q: q.span), doc))
