"""PLACEHOLDER component allegedly_events (PLOVER events): issue 4."""
from __future__ import annotations

from spacy.language import Language


@Language.factory("allegedly_events")
def make(nlp, name):
    return lambda doc: doc
