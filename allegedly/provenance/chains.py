"""Source hops: classify a source phrase, canonicalise names, and link hops across sentences.

A chain is publisher → cited outlet → evidence (documents, people) → origin. Hops found in
one sentence are completed from what the article said elsewhere: a document hop takes the
origin of "received the documents from X"; a hop with no outlet above it hangs under the
article's cited outlet (the last outlet named, or the headline suffix).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from allegedly.provenance import lexicon as lx
from allegedly.provenance.kinds import is_agent_noun, kind_of, person_in  # noqa: F401 (kind_of re-exported)
from allegedly.provenance.speakers import strip_title_phrase
from allegedly.records import Hop
from allegedly.nlp.context import doc_text, ent_at, entities_overlapping

_DETS = frozenset("the a an one some these those this that its their his her several many other all both most few".split())


def phrase(head: Token) -> Span:
    """The source noun phrase of ``head``: with 'of …' and post-posed adjectives ('people
    familiar with the situation'), without relative clauses or appositions after it."""
    right = head.i
    for child in head.rights:
        keep = child.dep_ in ("compound", "flat", "amod") or (
            child.dep_ == "prep" and child.lower_ == "of" and head.ent_type_ != "PERSON")
        if keep:
            right = max(right, child.right_edge.i)
    return head.doc[head.left_edge.i:right + 1]


def name_span(head: Token) -> Span:
    """The span naming a source: an apposed name ('the company's counsel, Mark Chandler'), else
    the named entity around the head ('car company DaimlerChrysler'), else its noun phrase."""
    # a lone "." or "R" is a piece of a party tag the parser hung on the name ("Cornyn (R-Tex.)")
    named = next((c for c in head.children if c.dep_ == "appos" and c.pos_ == "PROPN"
                  and c.lower_ not in _TITLE_WORDS and not party_tag(c)
                  and sum(ch.isalpha() for ch in c.text) > 1), None)  # not 'Barack Obama, President of …'
    span = _entity_or_phrase(named or _name_before_title(head) or head)
    if named is None and (head.pos_ == "PROPN" or is_agent_noun(head)):
        person = person_in(_noun_phrase(head))
        # "Chief investment officer at Fort Pitt … Charlie Smith", "the vice president of Dacia,
        # Constantin Stroe" — but not "a spokesman for X", who speaks for X and is not X
        if person is not None and not person[0] <= head.idx < person[1] and not _spoken_for(head.doc, person) \
                and not _modifies(head, person):
            span = head.doc.char_span(*person, alignment_mode="expand") or span
    return strip_title_phrase(_strip_title(span))


_PARTY_TAG = re.compile(r"^\(?[RDI](?:\s?[-–]\s?[A-Z][\w. ]*)?\)?$")


def party_tag(tok: Token) -> bool:
    """'R-Texas', 'D-Calif.', '(I-Vt.)' after a name: a party-and-state tag, never a name."""
    words = tok.doc[tok.left_edge.i:tok.right_edge.i + 1].text.strip(" ,")
    return bool(_PARTY_TAG.match(words)) or bool(_PARTY_TAG.match(tok.text))


def _modifies(head: Token, person: tuple[int, int]) -> bool:
    """'A senior Obama administration official', 'a Sanders supporter': a name before the head
    that only modifies it (compound, adjective) is not who speaks; the official is."""
    if person[1] > head.idx:
        return False
    named = head.doc.char_span(*person, alignment_mode="expand")
    return named is not None and named.root.dep_ in ("compound", "amod", "nmod", "npadvmod") and \
        any(a.i == head.i for a in named.root.ancestors)


def _spoken_for(doc, person: tuple[int, int]) -> bool:
    last = doc.char_span(*person, alignment_mode="expand")
    root = last.root if last is not None else None
    return root is not None and root.dep_ == "pobj" and root.head.lower_ in ("for", "to")


def _noun_phrase(head: Token) -> Span:
    """The head's whole phrase up to a clause, comma-apposition included, relative clauses not."""
    cut = {t.i for c in head.children if c.dep_ in ("relcl", "acl", "advcl", "ccomp") for t in c.subtree}
    # punctuation does not stretch the phrase: the comma closing "Bush, speaking … alongside
    # Paulson," would pull the cut clause (and the wrong person) back in
    idx = [t.i for t in head.subtree if t.i not in cut and not t.is_punct] or [head.i]
    return head.doc[min(idx):max(idx) + 1]


def _name_before_title(head: Token) -> Token | None:
    """'Buzz Hargrove, the president of …' parsed with the title as subject: the name."""
    left = head.left_edge.i
    if head.pos_ != "NOUN" or left < 2 or head.doc[left - 1].text != ",":
        return None
    name = head.doc[left - 2]
    linked = name.head.i in (head.i, head.head.i) or head.head.i == name.i
    return name if linked and name.pos_ == "PROPN" and name.ent_type_ in ("PERSON", "ORG") else None


def _entity_or_phrase(head: Token) -> Span:
    ent = ent_at(head.doc, head.i)
    if ent is not None and head.pos_ == "PROPN" and ent.label_ in ("PERSON", "ORG", "GPE", "NORP"):
        # the actor dictionary may know the longer name ("Chrysler LLC" where NER saw two names)
        wider = [e.span for e in entities_overlapping(head.doc, head.idx, head.idx + 1) if e.source == "actors"
                 and e.span[1] - e.span[0] > len(ent.text)]
        found = (head.doc.char_span(*wider[0], alignment_mode="expand") if wider else None) or ent
        return _before_governor(found, head)
    return phrase(head)


def _before_governor(name: Span, head: Token) -> Span:
    """A headline in title case ('Donald Trump Sounds Weirdly Sophisticated …') makes NER run
    the name over its own verb: the name ends before the first word that governs the head."""
    above = {a.i for a in head.ancestors}
    cut = next((t.i for t in name if t.i > head.i and t.i in above), None)
    return name.doc[name.start:cut] if cut is not None else name


def clean_name(span: Span) -> str:
    words = [t for t in span if not t.is_punct or t.i not in (span.start, span.end - 1)]
    while words and words[0].lower_ in _DETS and len(words) > 1:
        words = words[1:]
    while len(words) > 1 and words[0].lower_ in _TITLES:
        words = words[1:]
    if not words:
        return span.text.strip()
    # a scare-quoted source ('quotes a “Senate aide” as saying') is named without its marks
    return doc_text(span.doc)[words[0].idx:words[-1].idx + len(words[-1])].strip().strip('“”"')


_TITLES = frozenset("dr. dr mr. mr mrs. mrs ms. ms prof. prof".split())


def _strip_title(span: Span) -> Span:
    """'Spokeswoman Sandy Angers' → 'Sandy Angers': a title word before a name of two words."""
    i = span.start
    while i < span.end - 1 and span.doc[i].lower_ in _TITLE_WORDS and span.doc[i + 1].pos_ == "PROPN":
        i += 1
    return span.doc[i:span.end] if i > span.start and span.doc[i].text[:1].isupper() else span


_TITLE_WORDS = lx.ROLE_NOUNS | lx.OFFICIAL_NOUNS | _TITLES
@dataclass
class Discourse:
    """What earlier sentences established: names, the cited outlet, document origins.

    ``outlet`` is the outlet the whole article is cited from (a headline suffix: "…: Sky News"):
    it stands above every source of the article. An outlet named in one body sentence
    ("Reuters reports that …") is that sentence's source only; a later sentence continues its
    chain only through a real link (see links.py).
    """

    publisher: str | None
    names: list[Hop] = field(default_factory=list)
    outlet: Hop | None = None
    origins: list[tuple[Hop, Hop]] = field(default_factory=list)  # (document, origin)
    last_document: Hop | None = None
    quotes: list[tuple[int, int]] = field(default_factory=list)  # the article's direct quote marks

    def canonical(self, hop: Hop, definite: bool = False) -> Hop:
        """'Sky' after 'Sky News' is Sky News; 'the files' is the last document named."""
        low = hop.name.lower()
        if hop.kind == "document" and self.last_document and definite and \
                _same_noun(hop.name, self.last_document.name):
            # "the files" after "Leaked files"; not "The reports" after "A letter from X"
            return Hop(self.last_document.name, "document", hop.span)
        for known in self.names:
            k = known.name.lower()
            if k == low or known.kind != hop.kind:
                continue
            # "Sky" ~ "Sky News"; a person's surname ~ the full name said before
            if _name_tail(known.name, hop.name) or _name_tail(hop.name, known.name) or (
                    hop.kind == "person" and (k.endswith(" " + low) or low.endswith(" " + k))):
                return Hop(known.name if len(k) > len(low) else hop.name, hop.kind, hop.span)
        surname = next((h for h in reversed(self.names) if h.kind == "person" and " " not in low
                        and hop.kind in ("person", "group", "official", "anonymous")
                        and hop.name[:1].isupper() and h.name.lower().endswith(" " + low)), None)
        if surname is not None:  # "Angers" after "Sandy Angers", whatever NER made of it
            return Hop(surname.name, "person", hop.span)
        if self.publisher and low == self.publisher.lower():
            return Hop(self.publisher, "publisher", hop.span)
        return hop

    def resolve(self, pronoun: str) -> Hop | None:
        """'he'/'she' → the last person or official named; 'they'/'it' → the last source."""
        kinds = ("person", "official") if pronoun in ("he", "she") else None
        for h in reversed(self.names):
            if kinds is None or h.kind in kinds:
                return h
        return None

    def note(self, hop: Hop, definite: bool = False) -> None:
        self.names.append(hop)
        if hop.kind == "outlet" and self.outlet is not None and hop.name == self.outlet.name:
            self.outlet = hop  # the cited outlet named in the body: its mention gives it a span
        if hop.kind == "document":
            last = self.last_document
            # "Leaked files" after a headline's "The files" names those files more fully
            if last is None or (not definite and hop.name.lower().endswith(" " + last.name.lower())):
                self.last_document = hop


def _same_noun(a: str, b: str) -> bool:
    """Both names end in the same noun, singular or plural ('files' ~ 'Leaked files')."""
    last = lambda n: (n.lower().split() or [""])[-1].removesuffix("s")  # noqa: E731
    return last(a) == last(b)


def _name_tail(longer: str, shorter: str) -> bool:
    """'Sky News' names 'Sky' more fully; 'USAF officials' is not a fuller name of 'USAF'."""
    if not longer.lower().startswith(shorter.lower() + " "):
        return False
    return longer[len(shorter) + 1:][:1].isupper()


def assemble(publisher: str | None, hops: list[Hop], d: Discourse) -> list[Hop]:
    """Publisher first, then the cited outlet if the sentence's hops need one, then the hops."""
    chain: list[Hop] = []
    if publisher:
        chain.append(Hop(publisher, "publisher", None))
    if hops and hops[0].kind not in ("outlet", "publisher") and d.outlet is not None:
        chain.append(Hop(d.outlet.name, "outlet", d.outlet.span))
    for h in hops:
        if not any(c.name == h.name for c in chain):
            chain.append(h)
    return chain


def complete(chain: list[Hop], d: Discourse) -> list[Hop]:
    """Append the origin of a trailing document hop (known from any sentence of the article):
    where the article's documents came from ("received the documents from X", a link with no
    span of its own), or the maker of the same document named before ("a report by X" … "the
    report said"). Another document's maker is no origin: "A letter from the American Legion"
    does not make "The reports show" the Legion's."""
    if not chain or chain[-1].kind != "document":
        return chain
    name = chain[-1].name.lower()
    for doc, origin in d.origins:
        same = doc.span is None or doc.name.lower() == name
        if same and not any(c.name == origin.name for c in chain):
            return chain + [origin]
    return chain


def chain_text(chain: list[Hop]) -> str:
    parts = []
    for i, h in enumerate(chain):
        if i and chain[i - 1].kind == "document" and h.kind != "document":
            parts.append(" ← " + h.name)
        else:
            parts.append((" → " if i else "") + h.name)
    return "".join(parts)
