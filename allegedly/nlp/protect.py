"""allegedly_protect_acronyms: give all-caps acronyms that spell English
function words ("IS", "US", "IT", "AS") a proper-noun-like NORM before tok2vec.

Why: tok2vec embeds NORM, so "IS" in "that IS and the Assad regime
coordinated" is read as the verb "is" and the parse collapses. A name-like
norm (measured: "nato") makes the model tag it PROPN and parse it as a
subject. Lines that are all caps (headlines) are left alone: there the
capitals carry no signal. Acronyms listed in allegedly/data/actors.json (when
present) are protected the same way.
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from spacy.language import Language
from spacy.tokens import Doc

from allegedly.nlp.context import doc_text, line_bounds, warn

NAME_NORM = "nato"
FUNCTION_WORDS = frozenset(
    "is us it as at on or an in of to by if be do so no we he me my up am are was "
    "has had can may who all any our its his her for not but and the".split()
)


@lru_cache(maxsize=1)
def actor_acronyms() -> frozenset[str]:
    try:
        text = resources.files("allegedly.data").joinpath("actors.json").read_text("utf-8")
    except (FileNotFoundError, ModuleNotFoundError):
        return frozenset()
    found = set()
    for actor in json.loads(text):
        for alias in actor.get("aliases", []):
            if alias.isalpha() and alias.isupper() and 2 <= len(alias) <= 5:
                found.add(alias)
    return frozenset(found)


def _line_is_caps(doc: Doc, i: int) -> bool:
    """True when the line holding token i has no lowercase letter."""
    start, end = line_bounds(doc, doc[i].idx)
    line = doc_text(doc)[start:end]
    return not any(c.islower() for c in line)


def _should_protect(doc: Doc, i: int, acronyms: frozenset[str]) -> bool:
    tok = doc[i]
    word = tok.text
    if not (word.isalpha() and word.isupper() and 2 <= len(word) <= 5):
        return False
    if word.lower() not in FUNCTION_WORDS and word not in acronyms:
        return False
    return not _line_is_caps(doc, i)


class ProtectAcronyms:
    def __init__(self) -> None:
        self.acronyms = actor_acronyms()

    def __call__(self, doc: Doc) -> Doc:
        try:
            for i in range(len(doc)):
                if _should_protect(doc, i, self.acronyms):
                    doc[i].norm_ = NAME_NORM
        except Exception as exc:  # never break the pipeline on a strange doc
            warn(doc, f"allegedly_protect_acronyms: {exc!r}")
        return doc


@Language.factory("allegedly_protect_acronyms")
def make(nlp: Language, name: str) -> ProtectAcronyms:
    return ProtectAcronyms()
