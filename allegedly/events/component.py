"""spaCy component ``allegedly_events``: PLOVER events tied to claims, in ``doc._.events``."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from allegedly.events.coder import code_doc
from allegedly.nlp.context import register_extensions, warn


class EventCoder:
    def __init__(self, nlp: Language, name: str):
        self.name = name
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        try:
            doc._.events = code_doc(doc)
        except Exception as exc:  # noqa: BLE001 - one odd document never stops the batch
            doc._.events = []
            warn(doc, f"{self.name}: event coding failed ({type(exc).__name__}: {exc})")
        return doc


@Language.factory("allegedly_events")
def make(nlp: Language, name: str) -> EventCoder:
    return EventCoder(nlp, name)
