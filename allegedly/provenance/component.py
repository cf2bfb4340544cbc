"""allegedly_provenance: claims (status, cues, source chain) and quotes for every body sentence."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from allegedly.nlp.context import context_of, warn
from allegedly.provenance import cue_model, tagger
from allegedly.provenance.extract import extract


@Language.factory("allegedly_provenance")
def make(nlp, name):
    return Provenance()


class Provenance:
    def __init__(self) -> None:
        # opt-in models named by the environment are read now: a wrong path stops the run with one
        # message instead of costing every article its claims
        cue_model._weights()
        tagger.model()

    def __call__(self, doc: Doc) -> Doc:
        try:
            claims, quotes = extract(doc, context_of(doc))
        except Exception as exc:  # one strange doc never stops a batch
            warn(doc, f"allegedly_provenance: {type(exc).__name__}: {exc}")
            claims, quotes = [], []
        doc._.claims = claims
        doc._.quotes = quotes
        return doc
