"""Where place mentions may be: NER spans, and what NER misses or mislabels.

Candidates are NER GPE/LOC/FAC spans; proper-noun runs after a location
preposition ('in', 'city of' …) or before a resident noun ('an Alexandria
man'); the names of a county list ('Jackson and Barrow counties'); the
dateline place ('title. CHARLESTON, W.Va. --'). Streets ('Lone Oak Road') are
places no gazetteer has: they become places without a point. Pure functions
of the parsed doc; ``allegedly.nlp.places`` grounds them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc

from allegedly.nlp.context import doc_text
from allegedly.records import Entity

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Single-word prepositions, and nouns that make "<noun> of X" a place.
PREPOSITIONS = frozenset({"in", "from", "to", "near", "around", "outside", "across", "into", "towards"})
# After these a name NER called PERSON/ORG is still a place; 'to'/'from' are too
# often dative ('sold Opel to Magna', 'documents from Sky').
STRONG_PREPOSITIONS = frozenset({"in", "near", "around", "outside", "across", "into", "towards"})
PLACE_NOUNS = frozenset({"city", "town", "village", "province", "governorate", "region", "district",
                         "state", "county", "capital", "outskirts", "suburbs"})
TITLES = frozenset({"dr", "mr", "mrs", "ms", "prof", "professor", "gen", "general", "col", "colonel",
                    "capt", "captain", "sgt", "lt", "president", "minister", "sheikh", "sir", "lord",
                    "lady", "king", "queen", "prince", "imam", "rev", "judge", "senator", "sen", "rep"})
DETERMINERS = frozenset({"the", "a", "an"})
SPLITTERS = PREPOSITIONS | {"and", "or", ",", "of", "at", "on"}

_DIRECTIONS = frozenset("""north south east west northeast northwest southeast southwest northern
southern eastern western central upstate downstate northeastern northwestern southeastern
southwestern""".split())


@dataclass(frozen=True)
class Candidate:
    start: int  # token offsets into the doc
    end: int
    label: str | None  # NER label, None when only a rule found it
    from_ner: bool
    # how it was found: ner | preposition | dateline | qualifier | county_list | coreference | prefix
    kind: str = "ner"
    query: str | None = None  # the name to look up when not the span's text ('Jackson County')


class Tok:
    """The token attributes the place rules read, copied once per doc (from one
    ``Doc.to_array``): spaCy makes a new Token object on every ``doc[i]``, and the
    rules scan the doc several times."""

    __slots__ = ("i", "text", "lower_", "pos_", "ent_type_", "ent_iob_", "is_sent_start", "dep_",
                 "head_lemma", "idx", "is_punct", "cap")

    def __init__(self, i, text, lower, pos, ent_type, ent_iob, sent_start, dep, head_lemma, idx, punct):
        self.i, self.text, self.lower_, self.pos_ = i, text, lower, pos
        self.ent_type_, self.ent_iob_, self.dep_ = ent_type, ent_iob, dep
        self.is_sent_start, self.idx, self.is_punct = sent_start, idx, punct
        self.head_lemma = head_lemma
        self.cap = text[:1].isupper()


_IOB = ("", "I", "O", "B")


def token_table(doc: Doc) -> list[Tok]:
    from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, IDX, IS_PUNCT, LEMMA, LOWER, ORTH, POS, SENT_START

    if not len(doc):
        return []
    cols = doc.to_array([ORTH, LOWER, POS, ENT_TYPE, ENT_IOB, SENT_START, DEP, HEAD, IDX, IS_PUNCT, LEMMA]).T.tolist()
    strings = doc.vocab.strings

    def decoded(col):  # unsigned: string hashes need all 64 bits
        table = {k: (strings[k] if k else "") for k in set(col)}
        return [table[k] for k in col]

    text, lower, pos, ent, dep, lemma = (decoded(cols[k]) for k in (0, 1, 2, 3, 6, 10))
    return [Tok(i, text[i], lower[i], pos[i], ent[i], _IOB[cols[4][i]], cols[5][i] == 1 or i == 0, dep[i],
                lemma[i + _signed(cols[7][i])], cols[8][i], bool(cols[9][i]))
            for i in range(len(text))]


def _signed(v: int) -> int:
    return v - (1 << 64) if v >= 1 << 63 else v


# -- candidates --------------------------------------------------------------------

def find_candidates(doc: Doc, dateline: Candidate | None = None, toks: list[Tok] | None = None,
                    ents=None) -> list[Candidate]:
    toks = toks if toks is not None else token_table(doc)
    taken = _actor_tokens(doc)
    out: dict[int, Candidate] = {}
    for ent in (doc.ents if ents is None else ents):
        if ent.label_ not in PLACE_LABELS:
            continue
        start, end = _trim(toks, ent.start, ent.end)
        if start < end and not _person_like(toks, start) and not taken.intersection(range(start, end)):
            out[start] = Candidate(start, end, ent.label_, True)
    for cand in _county_lists(toks):  # 'Jackson and Barrow counties'
        for i in range(cand.start, cand.end):
            out.pop(i, None)
        out[cand.start] = cand
    lines = dateline if isinstance(dateline, list) else [dateline] if dateline is not None else []
    for extra in [*lines, *_party_homes(toks)]:  # datelines, 'D-Charleston', 'R-Calif.'
        for i in range(extra.start, extra.end):
            out.pop(i, None)
        for c in [c for c in out.values() if c.start < extra.end and extra.start < c.end]:
            del out[c.start]  # NER's 'D-Iowa City' or 'Rep. Tom Jensen, R-London'
        out[extra.start] = extra
    covered = {i for c in out.values() for i in range(c.start, c.end)}
    for start, end in _before_place_nouns(toks):  # 'An Alexandria man', 'Gainesville residents'
        if covered.intersection(range(start, end)) or taken.intersection(range(start, end)):
            continue
        label = toks[start].ent_type_
        if label in ("DATE", "TIME", "MONEY", "CARDINAL", "ORDINAL") or label == "PERSON" and not _lone(toks, start, end):
            continue  # a lone word NER called a person is a place here: 'Alexandria woman charged'

        out[start] = Candidate(start, end, toks[start].ent_type_ or None, False, "place_noun")
        covered.update(range(start, end))
    for start, end, strong in _after_prepositions(toks):
        if covered.intersection(range(start, end)) or taken.intersection(range(start, end)):
            continue
        label = toks[start].ent_type_ or None
        if label not in (None, "PERSON", "ORG") or _person_like(toks, start):
            continue
        if label is not None and not strong:
            continue
        out[start] = Candidate(start, end, label, False, "preposition")
        covered.update(range(start, end))
    for start, end, after_age in _residences(toks):  # 'Jane Doe, 41, of Grovetown'
        if covered.intersection(range(start, end)) or taken.intersection(range(start, end)):
            continue
        allowed = ("", "PERSON", "GPE", "ORG") if after_age else ("", "PERSON", "GPE")
        if toks[start].ent_type_ not in allowed or _person_like(toks, start):
            continue
        out[start] = Candidate(start, end, toks[start].ent_type_ or None, False, "residence")
    return [out[k] for k in sorted(out)]


def _lone(toks: list[Tok], start: int, end: int) -> bool:
    """The run is all of its NER entity: 'Alexandria' alone, not 'Fritz Henderson'."""
    return toks[start].ent_iob_ == "B" and (end >= len(toks) or toks[end].ent_iob_ != "I")


_PARTIES = frozenset({"D", "R", "I", "DFL"})


def _party_homes(toks: list[Tok]):
    """'Rep. Wendell Gilliard, D-Charleston', 'Sen. Frank Lautenberg, D-N.J.': the home
    town or state after a US party letter and a hyphen written without spaces."""
    n = len(toks)
    for i in range(n - 2):
        if toks[i].text not in _PARTIES or toks[i + 1].text != "-" or not toks[i + 2].cap:
            continue
        if toks[i + 1].idx != toks[i].idx + len(toks[i].text) or toks[i + 2].idx != toks[i + 1].idx + 1:
            continue
        j = i + 2
        while j < n and j < i + 5 and toks[j].cap and not toks[j].is_punct:
            j += 1
        if j > i + 2:
            yield Candidate(i + 2, j, toks[i + 2].ent_type_ or None, False, "party")


def _residences(toks: list[Tok]):
    """(start, end, after an age) of 'of X' after a person or an age: 'Sheila D. Williams, 41, of
    Alexandria', 'Tom Del Beccaro of Lafayette'. Local news names where people live."""
    n = len(toks)
    for i in range(1, n - 1):
        if toks[i].lower_ != "of" or not toks[i + 1].cap:
            continue
        prev = toks[i - 1]
        after_age = prev.text == "," and i >= 3 and toks[i - 2].text.isdigit() and toks[i - 3].text == ","
        after_person = prev.ent_type_ == "PERSON" and (i + 1 >= n or toks[i + 1].ent_type_ != "PERSON"
                                                       or toks[i + 1].ent_iob_ == "B")
        if not (after_age or after_person):
            continue
        j = i + 1
        while j < n and j < i + 5 and toks[j].cap and toks[j].pos_ == "PROPN" and not toks[j].is_sent_start:
            j += 1
        if j > i + 1 and (j >= n or toks[j].is_punct or toks[j].pos_ in ("AUX", "VERB", "CCONJ", "ADP")):
            yield i + 1, j, after_age


_COUNTY_PLURALS = {"counties": "County", "parishes": "Parish"}


def _county_lists(doc: list[Tok]):
    """'Jackson and Barrow counties', 'Eastland, Callahan and Erath counties':
    each name is '<name> County'."""
    for i, tok in enumerate(doc):
        suffix = _COUNTY_PLURALS.get(tok.lower_)
        if suffix is None:
            continue
        j = i - 1
        found = []
        while j >= 0:
            end = j + 1
            while j >= 0 and doc[j].text[:1].isupper() and doc[j].pos_ in ("PROPN", "NOUN", "ADJ"):
                j -= 1
            if j + 1 == end:
                break
            found.append(Candidate(j + 1, end, doc[j + 1].ent_type_ or None, False, "county_list",
                                   f"{_text(doc, j + 1, end)} {suffix}"))
            if j >= 0 and doc[j].lower_ in ("and", ",", "or", "&"):
                j -= 1
                if j >= 0 and doc[j].text == "," and j + 1 < len(doc) and doc[j + 1].lower_ == "and":
                    j -= 1
                continue
            break
        yield from found


# 'CHARLESTON, W.Va. -- ', 'SOUTH CHARLESTON, W.Va. —', 'BOWLING GREEN, Ohio (AP)',
# 'Reporter March 29, 2009 PATASKALA --', 'DeKALB –': a dateline after a headline or byline.
_DATELINE = re.compile(
    r"(?:^|(?<=[.!?:]\s)|(?<=\d{4}\s))([A-Z][a-z]?[A-Z.'\- ]{1,40}[A-Z.])"
    r"(?:,\s*([A-Z][\w.]*(?:\s[A-Z][\w.]*){0,2}))?"
    r"\s*(?:\((?:AP|Reuters|AFP|UPI)\)\s*(?:-{1,3}|—|–)?|(?:-{1,3}|—|–|”)(?=\s|[A-Z])|\s\s(?=[A-Z]))")


def find_dateline(doc: Doc) -> Candidate | None:
    """The dateline place as a candidate: the parsed dateline's place, or an
    upper-case place with a dash near the start ('title. CHARLESTON, W.Va. --')."""
    found = find_datelines(doc, limit=600)
    return found[0] if found else None


def find_datelines(doc: Doc, limit: int | None = None) -> list[Candidate]:
    """Every dateline place (pages that hold several short stories have one each);
    ``limit``: only within the first characters."""
    text = doc_text(doc)
    out = []
    for m in _DATELINE.finditer(text if limit is None else text[:limit]):
        if sum(ch.isalpha() for ch in m.group(1)) < 3:
            continue  # 'U.S.-led', 'AP -'
        span = doc.char_span(m.start(1), m.end(1), alignment_mode="contract")
        if span is None or len(span) == 0:
            continue
        start, end = _trim(doc, span.start, span.end)
        if start < end:
            out.append(Candidate(start, end, doc[start].ent_type_ or None, False, "dateline"))
    return out


def _text(toks: list[Tok], start: int, end: int) -> str:
    """The text of tokens [start, end) as the doc has it (spaces between kept)."""
    if start >= end:
        return ""
    out = []
    for k in range(start, end - 1):
        gap = toks[k + 1].idx - toks[k].idx - len(toks[k].text)
        out.append(toks[k].text + " " * gap)
    out.append(toks[end - 1].text)
    return "".join(out)


def _parts(doc: Doc, cand: Candidate) -> list[Candidate]:
    """Pieces of a span NER ran across a preposition, conjunction or comma;
    the place after a direction ('Northeast Georgia' → Georgia)."""
    if not cand.from_ner:
        return []
    if cand.end - cand.start > 1 and doc[cand.start].lower_ in _DIRECTIONS:
        return [Candidate(cand.start + 1, cand.end, cand.label, True, "prefix")]
    parts, start = [], cand.start
    for i in range(cand.start, cand.end + 1):
        if i == cand.end or doc[i].lower_ in SPLITTERS:
            s, e = _trim(doc, start, i)
            if s < e and (s, e) != (cand.start, cand.end):
                parts.append(Candidate(s, e, cand.label, True))
            start = i + 1
    return parts


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    while start < end and doc[start].lower_ in DETERMINERS:
        start += 1
    while end > start and (doc[end - 1].lower_ in ("'s", "’s", "'", "’") or doc[end - 1].is_punct):
        end -= 1
    return start, end


# Nouns a place name modifies as an adjective: 'an Alexandria man', 'Gainesville police'.
_RESIDENT_NOUNS = frozenset("""man woman men women boy girl teen teenager resident residents couple
family families native natives police officers officials firefighters students schools school
hospital business businesses council mayor area neighborhood neighbourhood student senior home homes
monastery""".split())


# 'Lone Oak Road', 'N. Poplar St.': streets are places too, though no gazetteer has them.
_STREET_WORDS = frozenset("""street st. st road rd. rd avenue ave. ave drive dr. lane ln. boulevard
blvd. blvd parkway pkwy. trail highway pike circle""".split())


def streets(doc: Doc, taken: list[tuple[int, int]], toks: list[Tok] | None = None) -> list[Entity]:
    """Capitalised names ending in a street word, as places without a point
    (GeoNames feature R.ST), where nothing else was found."""
    out = []
    toks = toks if toks is not None else token_table(doc)
    for i, tok in enumerate(toks):
        if tok.lower_ not in _STREET_WORDS or not tok.text[:1].isupper() or i == 0:
            continue
        j = i
        while j > 0 and j > i - 4 and toks[j - 1].cap and toks[j - 1].pos_ in ("PROPN", "ADJ", "NOUN") \
                and not toks[j - 1].is_sent_start:
            j -= 1
        if j == i or toks[j].ent_type_ in ("PERSON", "ORG") and toks[j].ent_iob_ == "B" and j == i - 1:
            continue
        end = i + 1
        span = doc[j:end]
        a, b = span.start_char, span.end_char
        if any(x < b and a < y for x, y in taken):
            continue
        out.append(Entity(text=span.text, type="place", span=(a, b), label=toks[j].ent_type_ or None,
                          name=span.text, feature="R.ST", source="gazetteer", confidence=0.6,
                          evidence="street"))
        taken = [*taken, (a, b)]
    return out


def _before_place_nouns(doc: list[Tok]):
    """(start, end) of capitalised proper-noun runs right before a resident noun."""
    for i, tok in enumerate(doc):
        if tok.lower_ not in _RESIDENT_NOUNS or i == 0:
            continue
        j = i
        while j > 0 and j > i - 4 and doc[j - 1].pos_ == "PROPN" and doc[j - 1].cap:
            j -= 1
        if j < i:
            yield j, i


def _after_prepositions(doc: list[Tok]):
    """(start, end, strong) of capitalised PROPN runs right after a location preposition."""
    for i, tok in enumerate(doc[:-1]):
        low = tok.lower_
        place_of = low == "of" and i > 0 and doc[i - 1].lower_ in PLACE_NOUNS
        if not (low in PREPOSITIONS or place_of):
            continue
        j = i + 1
        while j < len(doc) and doc[j].pos_ == "PROPN" and doc[j].cap and not doc[j].is_sent_start:
            j += 1
        if j > i + 1:
            yield i + 1, j, place_of or low in STRONG_PREPOSITIONS


def _person_like(doc: list[Tok], start: int) -> bool:
    """'Dr. Afzal Ashraf': a title before the name, or a PERSON run of names."""
    k = start - 1
    while k >= 0 and doc[k].ent_type_ == "PERSON" and doc[k].ent_iob_ != "O" and k >= start - 3:
        k -= 1
    if k >= 0 and doc[k].lower_.rstrip(".") in TITLES:
        return True
    return doc[start].ent_type_ == "PERSON" and doc[start].ent_iob_ == "I"


def _actor_tokens(doc: Doc) -> set[int]:
    actors = getattr(doc._, "actor_entities", None) or []
    taken: set[int] = set()
    for ent in actors:
        try:
            span = doc.char_span(ent.span[0], ent.span[1], alignment_mode="expand")
        except Exception:  # noqa: BLE001 - a malformed actor span is only skipped
            continue
        if span is not None:
            taken.update(range(span.start, span.end))
    return taken
