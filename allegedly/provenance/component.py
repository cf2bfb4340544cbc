"""PLACEHOLDER component allegedly_provenance (claims, quotes, chains): issue 3."""
from __future__ import annotations

from spacy.language import Language


@Language.factory("allegedly_provenance")
def make(nlp, name):
    return lambda doc: doc
