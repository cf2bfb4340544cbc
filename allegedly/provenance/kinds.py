"""The kind of a source hop: publisher, outlet, document, person, group, official, anonymous.

Users ask "every claim whose chain ends at an anonymous source", so the kinds follow one rule:
who is identified, and as what.

- person: a named individual; the name wins over a title ("Chief investment officer at Fort
  Pitt Capital Group Charlie Smith" is the person Charlie Smith). A named office-holder is a
  person too ("economy minister Rainer Bruederle"): one person keeps one kind in every mention
  ("Obama", "President Obama"), and the title stays in the sentence for whoever needs it.
  "the bank chief" after "US bank chief Ben Bernanke" is Ben Bernanke; "it" is its antecedent
  (or no hop at all); "Angers" after "Sandy Angers" is Sandy Angers.
- official: a state speaking — a government, military or intergovernmental body (typed
  entities government/military/igo, a country as speaker, a central bank), or an unnamed official
  ("a US official", "the ministry", "USAF officials").
- group: a named organisation that is not a state organ or an outlet (company, party, NGO,
  armed group, think tank, union), also its unnamed staff ("Barclays Capital economists"),
  but not people who do not speak for it ("IS defectors", "Apple insiders": anonymous).
- outlet: a news medium; document: a text or data set (files, figures, a filing, a website).
- anonymous: people not identified by name, singular or plural ("sources", "a defector",
  "people familiar with the matter", "experts", "analysts", "some", "others").
- not a source at all: a thing that cannot speak ("the plane promises", "the update adds");
  such a subject does not make its sentence attributed.

Typed entities (``doc._.entities``: actors, gazetteer, NER) decide named hops; the model's NER
labels are a fallback, and common-noun heads are decided by the lexicon and by their shape
(agent nouns such as "investor", "executive", "spokesman" are people).
"""
from __future__ import annotations

from spacy.tokens import Span, Token

from allegedly.provenance import lexicon as lx
from allegedly.nlp.context import doc_text, entities_overlapping, ents_in

ENTITY_KIND = {"media": "outlet", "person": "person", "government": "official", "military": "official",
               "igo": "official", "place": "official", "armed_group": "group", "organisation": "group",
               "organization": "group", "company": "group", "think_tank": "group", "ngo": "group",
               "political_party": "group", "group": "group"}
# Entity types that an anaphoric "the company"/"the group" may refer back to.
ORG_TYPES = frozenset("organisation organization company armed_group think_tank ngo political_party".split())
_AGENT_SUFFIXES = ("er", "ers", "or", "ors", "ist", "ists", "ian", "ians", "ive", "ives", "man", "men",
                   "woman", "women", "person", "people", "ant", "ants", "ent", "ents", "ee", "ees")
_NOT_AGENTS = ("ment", "ments", "ence", "ences", "ance", "ances", "ency")


def entities_over(span: Span) -> list:
    """Typed entities overlapping ``span`` (``doc._.entities`` may be absent: then none)."""
    lo, hi = span.start_char, span.end_char
    return entities_overlapping(span.doc, lo, hi)


def person_in(span: Span):
    """The person entity (typed, else spaCy PERSON) inside ``span``, not a possessor."""
    text = doc_text(span.doc)
    people = [e for e in entities_over(span) if e.type == "person"
              and text[e.span[1]:e.span[1] + 2] not in ("'s", "’s")  # a possessor is not the speaker
              and span.start_char <= e.span[0] and e.span[1] <= span.end_char]
    if people:
        return people[-1].span
    ents = [e for e in ents_in(span.doc, span.start, span.end) if e.label_ == "PERSON" and e[-1].tag_ != "POS"
            and not (e.end < len(e.doc) and e.doc[e.end].tag_ == "POS")]
    return (ents[-1].start_char, ents[-1].end_char) if ents else None


def is_agent_noun(tok: Token) -> bool:
    """A common noun naming people: listed, or shaped like one ('investor', 'executives')."""
    low, lemma = tok.lower_, tok.lemma_.lower()
    if lemma in lx.DOCUMENT_NOUNS or lemma in lx.THING_NOUNS:
        return False
    if lemma in lx.ANONYMOUS_NOUNS or lemma in lx.OFFICIAL_NOUNS or lemma in lx.ROLE_NOUNS or \
            lemma in lx.PEOPLE_NOUNS:
        return True  # listed before the suffix test: "agency" ends like "emergency" but speaks
    return len(low) > 4 and low.endswith(_AGENT_SUFFIXES) and not low.endswith(_NOT_AGENTS)


def speaks(head: Token) -> bool:
    """Can this head be a source? Names, pronouns and people/organisation/document nouns can;
    'the plane', 'the update', 'stock futures trading' cannot; nor can a date ('July', parsed
    as the subject of a headline-style line) or a word with no letter ('.', a misparse)."""
    if head.ent_type_ in ("DATE", "TIME") or not any(ch.isalpha() for ch in head.text):
        return False
    if head.pos_ in ("PROPN", "PRON") or head.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
        return True
    lemma = head.lemma_.lower()
    if lemma in lx.DOCUMENT_NOUNS or lemma in lx.GROUP_NOUNS or lemma in lx.ORG_NOUNS or _outlet_noun(head):
        return True
    if head.pos_ in ("DET", "ADJ", "NUM") and head.lower_ in lx.QUANTIFIERS:
        return True  # "Some say", "Others believe", "Many claim"
    if head.pos_ == "NUM" or head.text == "%" or head.ent_type_ == "PERCENT" and lemma == "percent":
        return True  # a poll's share: "Six in 10 say", "45% of Republicans say", "58 percent said"
    return is_agent_noun(head)


def _outlet_noun(head: Token) -> bool:
    """'state media', 'Syrian state TV' (spaCy lemmatises 'media' to 'medium')."""
    return head.pos_ == "NOUN" and (head.lower_ in lx.OUTLET_NOUNS or head.lemma_.lower() in lx.OUTLET_NOUNS)


def _media_entity(span: Span) -> bool:
    head = span.root
    return any(e.type == "media" for e in entities_over(span) if e.span[0] <= head.idx < e.span[1])


def _surname(head: Token) -> bool:
    """A one-word name that ends a person's name given earlier in the article."""
    if head.i + 1 < len(head.doc) and head.doc[head.i + 1].pos_ == "PROPN" or \
            head.i > 0 and head.doc[head.i - 1].pos_ == "PROPN":
        return False
    return any(e.type == "person" and e.span[1] <= head.idx and " " in e.text and e.text.split()[-1] == head.text
               for e in head.doc._.entities or [])


def _outlet(span: Span, name: str) -> bool:
    head = span.root
    if head.lemma_.lower() in lx.OFFICIAL_NOUNS or head.lemma_.lower() in lx.ROLE_NOUNS:
        return False  # "White House Press Secretary" is a person's title, not a medium
    words = span.text.lower().replace(".", " ").split()
    return any(w in lx.MEDIA_WORDS for w in words) or name.lower().endswith(".com") or _outlet_noun(head)


def kind_of(span: Span, media: set[str], name: str | None = None) -> str:
    from allegedly.provenance.chains import clean_name  # chains imports this module

    head = span.root
    name = name if name is not None else clean_name(span)
    lemma = head.lemma_.lower()
    if name.lower() in media or _media_entity(span):
        return "outlet"
    if head.pos_ == "PROPN" and (_in_person(head) or _surname(head) or _honoured(span) or _apposed_to_role(head)) \
            and not _titled(span.text):
        return "person"  # "Jim Press", "Henderson" after "Fritz Henderson", "Mr MacFarlane"
    if _outlet(span, name):
        return "outlet"
    if lemma in lx.DOCUMENT_NOUNS and head.pos_ != "PROPN":
        return "document"
    if person_in(span) is not None and lemma not in lx.INSTITUTION_NOUNS and \
            (head.pos_ == "PROPN" or is_agent_noun(head) or _in_person(head)):
        return "person"
    over = [e for e in entities_over(span) if e.span[0] <= head.idx < e.span[1]]
    if over and head.pos_ == "PROPN" and _titled(over[0].text):
        return "person"  # NER read "Spokeswoman Sandy Angers" as an organisation
    if head.pos_ == "PROPN" and _central_bank(span):
        return "official"  # a state's central bank speaks for the state's monetary policy
    if head.pos_ == "PROPN" and _name_after_title(span, name):
        return "person"  # "Assistant Secretary of the Air Force for Acquisition Marvin Sambur", an ORG to NER
    typed = [_typed_kind(e) for e in over]
    if typed and typed[0] and head.pos_ == "PROPN":
        if typed[0] == "group" and head.lemma_.lower() in lx.OFFICIAL_NOUNS:
            return "official"  # "US Treasury", "Defense Department" read as plain organisations
        return typed[0]
    if head.pos_ == "PROPN":
        return _named_kind(span)
    return _common_kind(span)


def _name_after_title(span: Span, name: str) -> bool:
    """A two- or three-word capitalised name after a title naming a role or an office (the
    title may be cut off the span already: its words run from the phrase's left edge)."""
    words = name.split()
    if not 2 <= len(words) <= 3 or not span.text.strip().endswith(name):
        return False
    before = span.doc[span.root.left_edge.i:span.start].text + " " + span.text.strip()[: -len(name)]
    title = {w.strip(".,").lower() for w in before.split()}
    names = {w.strip(".,").lower() for w in words}
    bodies = lx.OFFICIAL_NOUNS | lx.ORG_NOUNS | lx.GROUP_NOUNS | lx.MEDIA_WORDS | lx.INSTITUTION_NOUNS
    return bool(title & (lx.ROLE_NOUNS | lx.OFFICIAL_NOUNS)) and all(w[:1].isupper() for w in words) \
        and not names & bodies


HONORIFICS = frozenset("mr mr. mrs mrs. ms ms. dr dr. prof prof. sir dame".split())


def _honoured(span: Span) -> bool:
    before = span.doc[span.start - 1] if span.start > 0 else None
    return span[0].lower_ in HONORIFICS or (before is not None and before.lower_ in HONORIFICS)


def _apposed_to_role(head: Token) -> bool:
    """'the senior market strategist for Invesco AIM, Fritz Meyer': a name apposed to a person's
    role is a person, unless the actor dictionary knows it as something else."""
    role = head.head
    if head.dep_ != "appos" or role.pos_ != "NOUN" or not is_agent_noun(role):
        return False
    lemma = role.lemma_.lower()
    if lemma in lx.ORG_NOUNS or lemma in lx.GROUP_NOUNS:
        return False
    return not any(e.source == "actors" and e.type != "person" and e.span[0] <= head.idx < e.span[1]
                   for e in head.doc._.entities or [])


def _central_bank(span: Span) -> bool:
    """'European Central Bank', 'Bank of England' (of a country or GPE, unlike 'Bank of America')."""
    low = span.text.lower()
    if "central bank" in low or "federal reserve" in low:
        return True
    if not low.startswith(("bank of ", "the bank of ")):
        return False
    return any(e.type == "place" and (e.label == "GPE" or (e.feature or "").startswith("A.PCL"))
               for e in entities_over(span) if e.span[0] > span.start_char)


def _typed_kind(e) -> str | None:
    """A place speaks as its state only when it is a country or NER saw a GPE; a town's name
    that NER calls a person ('Henderson') is a person."""
    if e.type != "place":
        return ENTITY_KIND.get(e.type)
    if e.label == "PERSON":
        return "person"
    return "official" if e.label == "GPE" or (e.feature or "").startswith("A.PCL") else None


def _in_person(head: Token) -> bool:
    """'Jobs said': the model may tag a surname as a noun, but the entity layer knows a person."""
    return head.ent_type_ == "PERSON" or any(e.type == "person"
                                             for e in entities_overlapping(head.doc, head.idx, head.idx + 1))


def _titled(text: str) -> bool:
    words = text.split()
    return len(words) >= 3 and words[0].lower() in lx.ROLE_NOUNS | lx.OFFICIAL_NOUNS and \
        all(w[:1].isupper() for w in words[1:])


def _named_kind(span: Span) -> str:
    head = span.root
    if head.ent_type_ == "PERSON":
        return "person"
    if head.ent_type_ == "GPE":
        return "official"  # "Russia said": the state speaks
    if head.lemma_.lower() in lx.OFFICIAL_NOUNS:
        return "official"  # "Prime Minister of Canada", "US Treasury Secretary"
    if head.ent_type_ in ("ORG", "NORP") or any(e.label_ in ("ORG", "NORP")
                                                for e in ents_in(span.doc, span.start, span.end)):
        return "group"
    return "person"


def _common_kind(span: Span) -> str:
    head = span.root
    lemma = head.lemma_.lower()
    # entities before the head qualify it: "USAF officials", "Barclays Capital economists"
    before = [e for e in entities_over(span) if e.span[1] <= head.idx]
    # "Senate aides": NER calls the Senate an ORG, but it is a state body
    modifiers = ["nation" if e.label == "NORP" else "official" if e.text.lower().split()[-1] in lx.STATE_BODIES
                 else _typed_kind(e) for e in before]
    if lemma in lx.OFFICIAL_NOUNS:
        if any(c.dep_ == "compound" and c.lemma_.lower() in lx.ORG_NOUNS for c in head.children):
            return "anonymous"  # "a company president", "Union officials": unnamed, of an unnamed body
        state = "official" in modifiers or "nation" in modifiers  # "a Romanian official"
        return "group" if "group" in modifiers and not state else "official"
    if lemma in lx.GROUP_NOUNS or lemma in lx.ORG_NOUNS:
        return "group"
    if is_agent_noun(head) and "official" in modifiers:
        return "official"  # "White House aides"; "American analysts" stay anonymous
    if is_agent_noun(head) and "group" in modifiers and lemma not in lx.UNOFFICIAL_NOUNS:
        return "group"  # "Barclays Capital economists": a named body's staff
    return "anonymous"
