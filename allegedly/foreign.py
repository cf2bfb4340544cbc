"""What can be read from an article in another language without the English model.

- ``foreign_dateline``: "МОСКВА, 27 марта 2016 (РИА Новости) –", "دمشق، 27 مارس 2016 (سانا) –":
  place, date (month names in the article's language, via dateparser) and agency;
- ``foreign_entities``: entities from the spaCy pipeline configured for the language.

For entities only the model's own NER is used: allegedly's actors, places, claims and events
rest on English lexicons and an English parse, so they are not run. Labels are
mapped onto allegedly's entity types (PER → person, LOC/GPE → place, ORG → org);
other labels are kept lower-cased.
"""
from __future__ import annotations

import re

from spacy.language import Language

from allegedly.budget import Budget
from allegedly.records import DateMention, Dateline, Entity
from allegedly.windows import split_windows

_HEAD_LINES = 3
_DATELINE = re.compile(
    r"(?P<place>[^\W\d_][^\W\d_ .'’-]*(?:[ .'’-]+[^\W\d_]+){0,3})\s*[,،]\s*"
    r"(?P<date>[^\s()–—,،][^()–—\n]{3,40}?)\s*"
    r"(?:\((?P<agency>[^()\n]{1,40})\)\s*)?(?P<sep>[-–—:])(?=\s)"
)
_DATE_ONLY = re.compile(r"(?P<date>\d{1,2}[./]\d{1,2}[./]\d{4}|\d{4}-\d{2}-\d{2})")

_TYPES = {"PER": "person", "PERSON": "person", "LOC": "place", "GPE": "place", "ORG": "org", "NORP": "group"}


def foreign_entities(nlp: Language, text: str, window: int, budget: Budget) -> list[Entity]:
    out: list[Entity] = []
    for start, end in split_windows(text, window):
        doc = nlp(text[start:end])
        budget.check()
        out.extend(
            Entity(text=e.text, type=_TYPES.get(e.label_, e.label_.lower()), label=e.label_,
                   span=(start + e.start_char, start + e.end_char), source="ner", confidence=0.5)
            for e in doc.ents
        )
    return out


def foreign_dateline(text: str, language: str) -> Dateline:
    """The dateline at the head of ``text`` in ``language`` (ISO 639-1), or an empty Dateline."""
    try:
        for start, line in _head_lines(text):
            m = _DATELINE.match(line)
            if m is None:
                continue
            iso = _date(m.group("date"), language)
            if iso is None:
                continue
            d0, d1 = (start + m.start("date"), start + m.end("date"))
            mention = DateMention(text=m.group("date"), calendar="gregorian", iso=iso, span=(d0, d1))
            return Dateline(text=line[:m.end()], place=m.group("place").strip(), agency=m.group("agency"),
                            dates=[mention], consistent=None, span=(start, start + m.end()))
    except Exception:  # noqa: BLE001 - a dateline is optional; odd text must not stop the article
        pass
    return Dateline()


def _head_lines(text: str):
    at = 0
    seen = 0
    for line in text[:2_000].split("\n"):
        if line.strip():
            seen += 1
            yield at, line
            if seen >= _HEAD_LINES:
                return
        at += len(line) + 1


def _date(value: str, language: str) -> str | None:
    import dateparser

    settings = {"STRICT_PARSING": True}
    try:
        found = dateparser.parse(value, languages=[language], settings=settings)
    except ValueError:  # a language dateparser does not know: numbers may still read
        found = dateparser.parse(value, settings=settings) if _DATE_ONLY.fullmatch(value.strip()) else None
    return found.date().isoformat() if found else None
