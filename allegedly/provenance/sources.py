"""Where a sentence says its content comes from: attribution verbs and their subjects,
"according to X", "citing X", and the agent of an evidence noun ("research done by X").

Only attributions on the main line of the sentence count: a say-verb inside a relative or
adverbial clause ("a settlement was reached after he testified that …") attributes that
clause, not the sentence.
"""
from __future__ import annotations

from spacy.tokens import Span, Token

from allegedly.provenance import lexicon as lx
from allegedly.provenance.quotes import inside

# Dependencies that keep a verb on the sentence's main line of assertion.
_MAIN_LINE = frozenset("ROOT ccomp conj parataxis xcomp".split())
_EMBEDDED = frozenset("relcl acl advcl pcomp csubj".split())


def depth(tok: Token) -> int:
    n = 0
    while tok.head.i != tok.i:
        tok, n = tok.head, n + 1
    return n


def on_main_line(tok: Token) -> bool:
    while tok.head.i != tok.i:
        if tok.dep_ not in _MAIN_LINE:
            return False
        tok = tok.head
    return True


def subject(verb: Token) -> Token | None:
    """The nsubj nearest the verb (a misparse can give two: "chief of staff General X stated"),
    or the only person among several; "he went on to say": the subject of the verb led on from."""
    subs = [c for c in verb.children if c.dep_ == "nsubj"]
    people = [c for c in subs if c.ent_type_ == "PERSON"]
    if len(subs) > 1 and len(people) == 1:
        return people[0]  # "Whitey MacDonald, chairperson of Local 1520, Canadian Auto Workers union said"
    if not subs and verb.dep_ == "xcomp" and verb.head.lemma_ in lx.LEAD_ON_VERBS and \
            not any(c.dep_ == "neg" for c in verb.head.children):
        return subject(verb.head)
    return min(subs, key=lambda c: abs(c.i - verb.i)) if subs else None


def denies_claim(verb: Token) -> bool:
    """'denied that …', 'denied the allegations', 'denied any involvement', 'denied shelling
    civilians', a bare 'denied', 'dismissed the reports as fabrications' — not 'rejected the
    proposal', not 'was denied entry' (a thing withheld)."""
    if _dismissed_as_false(verb):
        return True
    objects = [c for c in verb.children if c.dep_ in ("dobj", "ccomp", "xcomp", "pcomp")]
    if verb.lemma_ == "deny":
        withheld = any(c.dep_ == "dative" for c in verb.children) or \
            any(c.lemma_.lower() in lx.WITHHELD_NOUNS for c in objects)
        return not withheld
    return not objects or any(c.dep_ == "ccomp" or c.lemma_ in lx.CLAIM_NOUNS for c in objects)


def _dismissed_as_false(verb: Token) -> bool:
    """'as fabrications', 'as fake', 'as a baseless lie': the parse hangs 'as' anywhere."""
    doc = verb.doc
    for t in verb.subtree:
        if t.lower_ == "as" and t.i > verb.i:
            after = doc[t.i + 1:min(t.i + 4, t.sent.end)]
            if any(w.lower_ in lx.FALSE_WORDS or w.lemma_.lower() in lx.FALSE_WORDS for w in after):
                return True
    return False


def attributes(tok: Token) -> bool:
    if tok.lemma_ not in lx.SAY_VERBS or tok.pos_ not in ("VERB", "AUX"):
        return False
    if any(c.dep_ == "neg" for c in tok.children):
        return False  # "did not comment", "did not say whether": nothing is attributed
    if tok.lemma_ in lx.OBJECT_VERBS and any(c.dep_ == "dobj" for c in tok.children) and \
            not any(c.dep_ in ("ccomp", "parataxis") for c in tok.children):
        return False  # "members can add applications to the store": adding a thing, not words
    if tok.lemma_ in lx.CLAUSE_ONLY_VERBS and not any(c.dep_ in ("ccomp", "parataxis") for c in tok.children):
        return False  # "he continued to work", "fighting continued": no words reported
    return tok.lemma_ not in lx.DENY_VERBS or denies_claim(tok)


def say_verb(sent: Span, quotes) -> Token | None:
    """The outermost attribution verb with a subject, on the main line, outside direct quotes."""
    found = [t for t in sent if attributes(t) and not inside(quotes, t.idx)
             and subject(t) is not None and on_main_line(t)]
    return min(found, key=lambda t: (depth(t), t.i)) if found else None


def inner_say(verb: Token, quotes) -> Token | None:
    for c in verb.children:
        if c.dep_ in ("ccomp", "parataxis") and attributes(c) and subject(c) is not None \
                and not inside(quotes, c.idx):
            return c
    return None


def content_root(verb: Token | None, sent: Span) -> Token:
    if verb is None:
        return sent.root
    for c in verb.children:
        if c.dep_ in ("ccomp", "xcomp", "parataxis"):
            return c
    return verb


def proposition(content: Token) -> Token:
    """Through verbs of belief to what is believed: 'he envisioned (that) the process would …'."""
    for _ in range(3):
        nxt = next((c for c in content.children if c.dep_ == "ccomp"), None)
        if content.lemma_ not in lx.ATTITUDE_VERBS or nxt is None:
            break
        content = nxt
    return content


def according(sent: Span) -> list[tuple[Token, Token]]:
    """('according', its object) pairs, skipping those inside relative clauses (a side remark)."""
    out = []
    for t in sent:
        if t.lower_ != "according" or any(a.dep_ in ("relcl", "acl") for a in t.ancestors):
            continue
        to = next((c for c in t.children if c.lower_ == "to"), None)
        obj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
        if obj is not None:
            out.append((t, obj))
    return out[:1]  # two "according to"s in one sentence are parallel sources, not hops


def citing(verb: Token) -> list[Token]:
    """'Citing people familiar with the situation, the Journal reported': the people."""
    return [obj for c in verb.children if c.dep_ == "advcl" and c.lemma_ == "cite" and c.tag_ == "VBG"
            for obj in c.children if obj.dep_ == "dobj"]


def quoted(verb: Token) -> list[Token]:
    """'Detik.com quoted Djamal as saying': Djamal, who speaks under the outlet that quotes him."""
    if verb.lemma_ != "quote":
        return []
    return [c for c in verb.children if c.dep_ == "dobj" and c.pos_ in ("PROPN", "NOUN")
            and c.lemma_.lower() not in lx.DOCUMENT_NOUNS]


def agent(head: Token) -> Token | None:
    """The maker of an evidence noun: 'research done by X', 'a report from X', 'X's statement'."""
    for t in head.subtree:
        if t.dep_ == "agent" or (t.dep_ == "prep" and t.lower_ in ("by", "from") and t.head.i == head.i):
            obj = next((c for c in t.children if c.dep_ == "pobj"), None)
            if obj is not None:
                return obj
    # "Apple Corps' latest suit", "Apple's statement": the named possessor made it
    return next((c for c in head.children if c.dep_ == "poss" and c.pos_ == "PROPN"), None)


def inside_clause(tok: Token, root: Token) -> bool:
    return tok.i != root.i and any(a.i == root.i for a in tok.ancestors)
