"""Entities for an article in another language, from the spaCy pipeline configured for it.

Only the model's own NER is used: allegedly's actors, places, claims and events
rest on English lexicons and an English parse, so they are not run. Labels are
mapped onto allegedly's entity types (PER → person, LOC/GPE → place, ORG → org);
other labels are kept lower-cased.
"""
from __future__ import annotations

from spacy.language import Language

from allegedly.budget import Budget
from allegedly.records import Entity
from allegedly.windows import split_windows

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
