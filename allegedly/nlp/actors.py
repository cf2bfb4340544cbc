"""PLACEHOLDER component allegedly_actors: replaced by the entities work (issue 2)."""
from __future__ import annotations

from spacy.language import Language


@Language.factory("allegedly_actors", )
def make(nlp, name):
    return lambda doc: doc
