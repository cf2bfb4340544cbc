"""Who a quote's speaker is and whom they speak for.

Rules (measured on the 120 Wikinews articles):

- Affiliation: the organisation a role noun in the speaker's phrase belongs to ("a spokesman for
  Force Ouvrière", "a management expert at Stanford University", "Assistant Secretary of the Air
  Force") wins over any organisation merely named in the phrase ("…, the main Airbus union"); the
  model's label of that object does not matter (NER calls "Force Ouvrière" a person).
- An affiliation that names the speaker ("Apple Computer (Apple Computer)", "Henry Paulson
  (Paulson)") or an outlet of the chain ("…, concluded Stroe, cited by HotNews") is no affiliation.
- A title phrase before a name is not part of the name: when the speaker's phrase opens with a
  title word and holds a preposition ("Assistant Secretary of the Air Force for Acquisition Marvin
  Sambur"), the name is the last two capitalised words after the last preposition (a given name
  and a surname; an initial between them stays: "Michael R. Golden").
- "Detik.com quoted Djamal as saying", "GovExec.com quotes a Senate aide as saying": the outlet
  reports, the object speaks — the outlet is a hop of the chain before the speaker.
"""
from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Span, Token

from allegedly.provenance import lexicon as lx
from allegedly.provenance.kinds import entities_over, is_agent_noun
from allegedly.records import Hop
from allegedly.nlp.context import doc_text, ent_at, ents_in

_ROLE_PREPS = frozenset("for of at with".split())
_TITLE_WORDS = lx.ROLE_NOUNS | lx.OFFICIAL_NOUNS | frozenset("assistant deputy vice under".split())
_QUOTING_VERBS = frozenset("quote cite".split())
_PLACE_LABELS = frozenset("GPE LOC".split())
_DETS = frozenset("the a an".split())


def _org_of_role(tok: Token, subj: Token) -> Span | None:
    """'spokesman for X', 'expert at X', 'Secretary of the X', 'chairperson of Local 1520': the
    object's name, never a place ('President of the United States') nor the speaker's own name."""
    if not (is_agent_noun(tok) or tok.lower_ in _TITLE_WORDS):
        return None
    for prep in (c for c in tok.children if c.dep_ == "prep" and c.lower_ in _ROLE_PREPS):
        obj = next((c for c in prep.children if c.dep_ == "pobj" and c.pos_ == "PROPN"), None)
        if obj is None or obj.ent_type_ in _PLACE_LABELS:
            continue
        left, right = obj.i, obj.i
        while left > prep.i + 1 and tok.doc[left - 1].dep_ == "compound" and tok.doc[left - 1].pos_ == "PROPN":
            left -= 1
        right = max([right] + [c.i for c in obj.rights if c.dep_ == "nummod" and c.i == right + 1])
        span = tok.doc[left:right + 1]
        if any(e.type == "place" for e in entities_over(span)) and len(span) == 1:
            continue
        glued = any(t.ent_type_ == "PERSON" for t in span) and any(t.ent_type_ != "PERSON" for t in span)
        if span.start <= subj.i < span.end or glued:
            # "chairman of Chrysler LLC Jim Press", "officer at Fort Pitt Capital Group Charlie
            # Smith": the organisation is the part before the name
            orgs = [e for e in ents_in(span.doc, span.start, span.end)
                    if e.label_ == "ORG" and not (e.start <= subj.i < e.end)
                    and not any(t.ent_type_ == "PERSON" for t in e)]
            if not orgs:
                continue
            span = orgs[0]
        while len(span) > 1 and span[0].lower_ in _DETS:
            span = span[1:]
        return span
    owner = next((c for c in tok.children if c.dep_ == "poss" and c.pos_ == "PROPN" and c.ent_type_ == "ORG"), None)
    if owner is not None:  # "Apple's worldwide vice-president of marketing for the iPod"
        return ent_at(tok.doc, owner.i) or tok.doc[owner.i:owner.i + 1]
    return None


def affiliation(subj: Token | None) -> str | None:
    """The organisation the speaker ``subj`` speaks for, from the words around the name."""
    if subj is None:
        return None
    lo, hi = subj.left_edge.i, subj.right_edge.i + 1
    for tok in subj.doc[lo:hi]:
        if tok.i != subj.i or tok.pos_ == "NOUN":
            span = _org_of_role(tok, subj)
            if span is not None:
                return span.text
    clauses = {t.i for c in subj.children if c.dep_ in ("acl", "relcl", "advcl") for t in c.subtree}
    orgs = [e for e in ents_in(subj.doc, lo, hi) if e.label_ == "ORG"
            and e.root.i not in clauses  # "Bush, speaking … alongside Paulson," is not of Paulson
            and not e.start <= subj.i < e.end
            and not any(x.type == "media" for x in entities_over(e))]  # "…, cited by HotNews": who reports
    after = [e for e in orgs if e.start > subj.i]
    found = (after or orgs or [None])[0]
    if found is None:
        return None
    return found[1:].text if len(found) > 1 and found[0].lower_ in _DETS else found.text


def keep_affiliation(speaker: str | None, aff: str | None, chain: list[Hop]) -> str | None:
    """None when the affiliation only repeats the speaker or names an outlet of the chain."""
    if not aff or not speaker:
        return aff
    a, s = aff.lower(), speaker.lower()
    if a in s or s in a:  # "Barclays Capital economists (Barclays Capital)"
        return None
    if any(h.kind in ("outlet", "publisher") and h.name.lower() == a for h in chain):
        return None
    return aff


def full_names(quotes: list, doc=None) -> list:
    """'Djamal' is 'Jusman Syafii Djamal' when the article (its person entities, its quotes) names
    exactly one such person, so that one person's quotes group under one speaker (chain hop
    renamed alike)."""
    names = {q.speaker for q in quotes if q.speaker and " " in q.speaker
             and q.chain and q.chain[-1].kind == "person"}
    if doc is not None:
        text = doc_text(doc)
        names |= {text[e.span[0]:e.span[1]] for e in doc._.entities or [] if e.type == "person"}
    names = {n for n in names if " " in n and "'s" not in n and "’s" not in n
             and all(w[:1].isupper() or not w[:1].isalpha() for w in n.split())}  # not "president Obama"
    out = []
    for q in quotes:
        longer = [n for n in names if q.speaker and " " not in q.speaker and n.endswith(" " + q.speaker)]
        if len(longer) == 1:
            chain = [replace(h, name=longer[0]) if h.name == q.speaker else h for h in q.chain]
            q = replace(q, speaker=longer[0], chain=chain)
        out.append(q)
    return out


def carry_affiliations(quotes: list) -> list:
    """One person speaks for one organisation within an article: a later quote of the same speaker
    ('“This is just the beginning,” he said') takes the affiliation named with an earlier one."""
    known: dict[str, str] = {}
    for q in quotes:
        if q.speaker and q.affiliation:
            known.setdefault(q.speaker, q.affiliation)
    return [replace(q, affiliation=known[q.speaker]) if q.affiliation is None and q.speaker in known else q
            for q in quotes]


def strip_title_phrase(name: Span) -> Span:
    """'Air Force for Acquisition Marvin Sambur' (after 'Assistant Secretary of the') → 'Marvin Sambur'."""
    root = name.root
    phrase = name.doc[min(root.left_edge.i, name.start):name.end]
    preps = [t for t in phrase if t.pos_ == "ADP" and t.lower_ in _ROLE_PREPS]
    if not preps or not any(t.lower_ in _TITLE_WORDS for t in phrase[:preps[0].i - phrase.start]):
        return name
    tail = [t for t in phrase if t.i > preps[-1].i]
    if len(tail) < 3 or not all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in tail):
        return name
    keep = 3 if len(tail[-2].text) <= 2 and tail[-2].text.endswith(".") else 2  # "Michael R. Golden"
    return name.doc[tail[-keep].i:tail[-1].i + 1]


def quoted_person(verb: Token | None) -> Token | None:
    """'Detik.com quoted Djamal as saying': Djamal, the one who speaks."""
    if verb is None or verb.lemma_ not in _QUOTING_VERBS:
        return None
    obj = next((c for c in verb.children if c.dep_ == "dobj" and c.pos_ in ("PROPN", "NOUN")), None)
    if obj is None or obj.lemma_ in lx.DOCUMENT_NOUNS:
        return None
    return obj
