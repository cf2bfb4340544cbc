"""What a Doc knows about its article, and the Doc extensions we fill."""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc

from allegedly.records import Dateline


@dataclass
class ArticleContext:
    """Article-level facts the components read (set before the pipeline runs)."""

    title: str = ""
    outlet: str | None = None
    publisher: str | None = None
    published: str | None = None  # ISO date
    dateline: Dateline = field(default_factory=Dateline)
    # Countries (ISO2) the article is about, for place disambiguation; filled by
    # allegedly_places from the unambiguous mentions before it resolves the rest.
    countries: list[str] = field(default_factory=list)


_EXTENSIONS = {
    "context": None,  # ArticleContext
    "entities": None,  # list[Entity]: NER + actors + places, merged by allegedly_entities
    "actor_entities": None,  # list[Entity]: actor-dictionary matches (allegedly_actors)
    "place_entities": None,  # list[Entity]: gazetteer-grounded places (allegedly_places)
    # list[Entity]: demonyms grounded to their country and places inside organisation
    # names (role 'modifier' / 'organisation_location'): kept apart from place_entities,
    # which are where things are or happen
    "place_modifiers": None,
    "claims": None,  # list[Claim]
    "quotes": None,  # list[Quote]
    "events": None,  # list[Event]
    "warnings": None,  # list[str]: a component that failed on this doc says so here
}


def register_extensions() -> None:
    for name, default in _EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


def context_of(doc: Doc) -> ArticleContext:
    if doc._.context is None:
        doc._.context = ArticleContext()
    return doc._.context


def warn(doc: Doc, message: str) -> None:
    if doc._.warnings is None:
        doc._.warnings = []
    doc._.warnings.append(message)


register_extensions()
