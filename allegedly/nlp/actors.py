"""allegedly_actors: find the actors of ``allegedly/data/actors.json`` in a Doc.

The file is a JSON list of actors::

    {"id": "actor:islamic_state", "name": "Islamic State", "type": "armed_group",
     "country": null, "code": "IMG", "sector": "REB",
     "aliases": ["IS", "ISIS", "Daesh", ...], "strict_aliases": ["IS"]}

``type`` is one of TYPES; ``country`` ISO 3166-1 alpha-2 or null; ``code`` a
CAMEO/PLOVER actor code (ISO3, IGO, NGO, IMG) or null; ``sector`` GOV, MIL,
REB, MED, LEG, JUD, COP, SPY, BUS, EDU, PTY, OPP, REL or null. The name and
every alias are matched; curly and straight apostrophes are interchangeable.
How a form is matched:

- one-token forms with capitals past the first letter ("NATO", "CNN", "U.N.",
  "LeT") match case-sensitively: "rand" is not RAND;
- ``strict_aliases`` (each also listed in ``aliases`` or the name, so that
  protect.py sees acronyms like "IS") are forms that are also common words
  ("IS", "WHO", "AP", "Sky", "Apple", "Trump"). They match case-sensitively
  and only in safe contexts: an all-caps one not in an all-caps line and read
  as a name (PROPN, the protected norm, or an ORG/GPE/NORP entity), never
  after "it"/"this"/"there"; a capitalised one not next to another capitalised
  name word ("Sky Sports", "Blue Sky"), after "the"/"a" only when NER sees a
  name, and at a sentence start only when tagged PROPN/NER name, when the same
  actor is also found elsewhere in the doc, and when the doc never uses the word
  in lower case ("the amnesty ... Amnesty was granted").
  A strict form of several tokens ("Islamic State", "White House", "Financial
  Times") matches only as written: in lower case it is a plain phrase ("an
  Islamic state", "in hard financial times");
- every other form matches case-insensitively ("Assad regime", "Hamas").

Any match that is part of a longer PERSON name ("Michelle Obama", "Hafez
al-Assad") is dropped; then the longest match wins. Output:
``doc._.actor_entities``, a list of ``Entity(source="actors")``.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from allegedly.nlp.context import doc_text, line_bounds, warn
from allegedly.records import Entity

TYPES = frozenset("person organisation media armed_group government military igo ngo think_tank "
                  "political_party company".split())
NAME_NORM = "nato"  # the norm allegedly_protect_acronyms gives acronyms it protects
NAME_LABELS = frozenset({"ORG", "GPE", "NORP", "PERSON", "FAC"})
TITLES = frozenset("president prime minister secretary general chancellor king queen prince sheikh emir "
                   "ayatollah dr mr mrs ms sir leader commander spokesman spokeswoman senator chief pope "
                   "foreign defence defense interior vice deputy former ceo cfo coo chairman chairwoman "
                   "founder executive director editor correspondent reporter".split())
VERB_SUBJECTS = frozenset({"it", "this", "there", "he", "she", "what", "which", "that's"})
# NER labels that agree with each actor type; a different label lowers confidence
_AGREES = {"person": {"PERSON"}, "company": {"ORG", "PRODUCT"}, "media": {"ORG", "WORK_OF_ART", "PRODUCT"}}
_ORGISH = {"ORG", "NORP", "GPE", "FAC"}


@dataclass(frozen=True, slots=True)
class Actor:
    id: str
    name: str
    type: str
    country: str | None = None
    code: str | None = None
    sector: str | None = None
    aliases: tuple[str, ...] = ()
    strict_aliases: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def load_actors() -> tuple[Actor, ...]:
    """The actor dictionary, read once; a malformed entry names itself."""
    text = resources.files("allegedly.data").joinpath("actors.json").read_text("utf-8")
    actors = []
    for i, item in enumerate(json.loads(text)):
        if not isinstance(item, dict) or not all(item.get(k) for k in ("id", "name", "type")):
            raise ValueError(f"allegedly/data/actors.json: entry #{i} needs id, name and type: {item!r}")
        actors.append(Actor(item["id"], item["name"], item["type"], item.get("country"), item.get("code"),
                            item.get("sector"), tuple(item.get("aliases") or ()),
                            tuple(item.get("strict_aliases") or ())))
    return tuple(actors)


def _kind(form: str, strict: set[str], n_tokens: int) -> str:
    if form in strict:
        return "strict"
    if n_tokens == 1 and form[1:] != form[1:].lower():
        return "exact"
    return "lower"


def _variants(form: str) -> set[str]:
    return {form, form.replace("'", "’"), form.replace("’", "'")}


def _line_bounds(doc: Doc, char: int) -> tuple[int, int]:
    return line_bounds(doc, char)


def _name_word(tok) -> bool:
    return tok.is_alpha and (tok.is_title or tok.is_upper) and tok.lower_ not in TITLES


def _opens_sentence(doc: Doc, i: int) -> bool:
    prev = doc[i - 1] if i > 0 else None
    return doc[i].is_sent_start or prev is None or prev.is_space or prev.is_quote or prev.text in (":", "(", "[", "—")


def _neighbours(doc: Doc, start: int, end: int) -> list:
    """Tokens touching the match in the same sentence (a newline is a space token)."""
    out = []
    if start > 0 and not doc[start].is_sent_start:
        out.append(doc[start - 1])
    if end < len(doc) and not doc[end].is_sent_start:
        out.append(doc[end])
    return out


def _inside_longer_name(doc: Doc, start: int, end: int) -> bool:
    before = start > 0 and doc[start].ent_iob_ == "I" and doc[start].ent_type_ == "PERSON" and _name_word(doc[start - 1])
    after = end < len(doc) and doc[end].ent_iob_ == "I" and doc[end].ent_type_ == "PERSON" and _name_word(doc[end])
    return before or after


def _strict_verdict(doc: Doc, i: int) -> str:
    """"yes", "no", or "initial": a capitalised word opening a sentence, which
    only counts when the same actor is named elsewhere in the article."""
    tok = doc[i]
    prev = doc[i - 1] if i > 0 else None
    if tok.text.isupper():
        lo, hi = _line_bounds(doc, tok.idx)
        if not any(c.islower() for c in doc_text(doc)[lo:hi]):
            return "no"  # all-caps headline: capitals say nothing
        if prev is not None and prev.lower_ in VERB_SUBJECTS:
            return "no"
        return "yes" if tok.pos_ == "PROPN" or tok.norm_ == NAME_NORM or tok.ent_type_ in ("ORG", "GPE", "NORP") else "no"
    if any(_name_word(n) and not (_opens_sentence(doc, n.i) and n.pos_ != "PROPN") for n in _neighbours(doc, i, i + 1)):
        return "no"  # "Sky Sports", "Blue Sky", "Ivanka Trump"; not "Today Apple said"
    if prev is not None and prev.lower_ in ("the", "a", "an") and tok.ent_type_ not in NAME_LABELS:
        return "no"  # "the Sky and Astra" (cars): after a determiner only a recognised name
    if not _opens_sentence(doc, i):
        return "yes"
    return "initial" if tok.pos_ == "PROPN" or tok.ent_type_ in NAME_LABELS else "no"


class ActorMatcher:
    def __init__(self, nlp: Language) -> None:
        self.actors = load_actors()
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        for idx, actor in enumerate(self.actors):
            strict = set(actor.strict_aliases)
            by_kind: dict[str, list] = {}
            forms = sorted({v for f in (actor.name, *actor.aliases) for v in _variants(f)})
            for form, doc in zip(forms, nlp.tokenizer.pipe(forms)):
                kind = _kind(form.replace("’", "'"), strict, len(doc))
                by_kind.setdefault(kind, []).append(doc)
            for kind, docs in by_kind.items():
                (self.lower if kind == "lower" else self.exact).add(f"{idx}|{kind}", docs)

    def __call__(self, doc: Doc) -> Doc:
        try:
            doc._.actor_entities = self.entities(doc)
        except Exception as exc:  # never break the pipeline on a strange doc
            doc._.actor_entities = []
            warn(doc, f"allegedly_actors: {exc!r}")
        return doc

    def entities(self, doc: Doc) -> list[Entity]:
        spans, initial = [], []
        for match_id, start, end in [*self.lower(doc), *self.exact(doc)]:
            idx, kind = doc.vocab.strings[match_id].split("|")
            verdict = _strict_verdict(doc, start) if kind == "strict" and end - start == 1 else "yes"
            if verdict == "no" or _inside_longer_name(doc, start, end):
                continue
            (spans if verdict == "yes" else initial).append(Span(doc, start, end, label=f"{idx}|{kind}"))
        if initial:  # "Sky received the files" after "Sky News"; not "Sky was grey", not "the amnesty … Amnesty was"
            named = {s.label_.split("|")[0] for s in spans}
            common = {t.lower_ for t in doc if t.is_lower}
            spans += [s for s in initial if s.label_.split("|")[0] in named and s[0].lower_ not in common]
        return [self._entity(doc, span) for span in filter_spans(spans)]

    def _entity(self, doc: Doc, span) -> Entity:
        idx, kind = span.label_.split("|")
        actor = self.actors[int(idx)]
        start, end = span.start, span.end
        if end - start > 1 and doc[start].lower_ == "the":
            start += 1
        if end - start > 1 and doc[end - 1].text in ("'s", "’s"):
            end -= 1
        text = doc[start:end].text
        for suffix in ("'s", "’s"):
            if len(text) > len(suffix) + 1 and text.endswith(suffix):
                text = text[: -len(suffix)]
        lo = doc[start].idx
        labels = Counter(t.ent_type_ for t in doc[start:end] if t.ent_type_)
        label = labels.most_common(1)[0][0] if labels else None
        confidence = 0.95 if end - start > 1 else {"lower": 0.9, "exact": 0.85}.get(kind, 0.8)
        if label and label not in _AGREES.get(actor.type, _ORGISH):
            confidence -= 0.2
        return Entity(text=text, type=actor.type, span=(lo, lo + len(text)), label=label, id=actor.id,
                      name=actor.name, country=actor.country, source="actors", confidence=round(confidence, 2))


@Language.factory("allegedly_actors")
def make(nlp: Language, name: str) -> ActorMatcher:
    return ActorMatcher(nlp)
