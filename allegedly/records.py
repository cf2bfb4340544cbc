"""Typed records that flow through the pipeline and out of it.

Every record is a frozen dataclass with ``as_dict``/``from_dict``. The JSON
contract is the ``as_dict`` shape; later stages add keys, never rename them.
Spans are ``(start, end)`` character offsets into ``ArticleRecord.text`` (the
cleaned text) unless a docstring says otherwise.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Callable, Type, TypeVar

Span = tuple[int, int]
T = TypeVar("T")


_SCALARS = frozenset({str, int, float, bool, type(None)})


def _plain(value: Any) -> Any:
    # Scalars are tested before the call, not inside it: most values are scalars, and the
    # call per value was a good part of a record's conversion (hundreds of thousands per run).
    if type(value) in _SCALARS:
        return value
    names = _field_names(type(value))
    if names is not None:
        out = {}
        for n in names:
            v = getattr(value, n)
            out[n] = v if type(v) in _SCALARS else _plain(v)
        return out
    if isinstance(value, (list, tuple)):
        return [v if type(v) in _SCALARS else _plain(v) for v in value]
    if isinstance(value, dict):
        return {k: v if type(v) in _SCALARS else _plain(v) for k, v in value.items()}
    return value


# Records are written and read once per article and once per story refresh: dataclasses.fields()
# and the annotation look-ups are per class, so they are worked out once, not per value.
_NAMES: dict[type, tuple[str, ...] | None] = {}
_REVIVERS: dict[type, tuple[tuple[str, Callable[[Any], Any]], ...]] = {}


def _field_names(klass: type) -> tuple[str, ...] | None:
    try:
        return _NAMES[klass]
    except KeyError:
        names = tuple(f.name for f in dataclasses.fields(klass)) if dataclasses.is_dataclass(klass) else None
        _NAMES[klass] = names
        return names


class Record:
    """Mixin: JSON-ready dict conversion for the dataclasses below."""

    def as_dict(self) -> dict[str, Any]:
        return _plain(self)

    @classmethod
    def from_dict(cls: Type[T], data: dict[str, Any]) -> T:
        revivers = _REVIVERS.get(cls)
        if revivers is None:
            revivers = _REVIVERS[cls] = tuple(
                (f.name, _reviver(f.type)) for f in dataclasses.fields(cls))  # type: ignore[arg-type]
        return cls(**{name: revive(data[name]) for name, revive in revivers if name in data})


def _identity(value: Any) -> Any:
    return value


def _reviver(type_name: Any) -> Callable[[Any], Any]:
    """How to rebuild a field from plain JSON, driven by its annotation (None stays None)."""
    t = str(type_name)
    convert: Callable[[Any], Any] = _identity
    if t.startswith("Span"):
        convert = tuple
    elif t == "list[Span]":
        def convert(value):
            return [tuple(v) for v in value]
    else:
        for name, klass in _NESTED.items():
            if t == name or t == f"{name} | None":
                convert = klass.from_dict
                break
            if t == f"list[{name}]":
                def convert(value, _from=klass.from_dict):
                    return [_from(v) for v in value]
                break
    if convert is _identity:
        return convert
    return lambda value: None if value is None else convert(value)


@dataclass(frozen=True, slots=True)
class RawArticle(Record):
    """What ingest hands to the pipeline: text or HTML already decoded."""

    source: str  # file path, "<stdin>" or "path:line" for JSON Lines
    text: str  # body text (HTML already extracted); the title is not part of it
    title: str = ""
    url: str | None = None
    published: str | None = None  # ISO date/time from metadata, if any
    outlet: str | None = None
    fmt: str = "text"  # text | html | jsonl | cat-xml


@dataclass(frozen=True, slots=True)
class Removal(Record):
    """A piece of scraping noise cut out of the body.

    ``span`` points into the raw body; ``at`` is where the cut sits in the
    cleaned text, so a viewer can mark it.
    """

    text: str
    reason: str
    span: Span
    at: int = 0


@dataclass(frozen=True, slots=True)
class DateMention(Record):
    text: str
    calendar: str  # gregorian | hijri | solar_hijri
    iso: str | None  # YYYY-MM-DD in the Gregorian calendar
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class Dateline(Record):
    text: str = ""
    place: str | None = None
    agency: str | None = None
    dates: list[DateMention] = field(default_factory=list)
    consistent: bool | None = None  # None when fewer than two dates
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class Entity(Record):
    """A mention grounded where possible.

    ``type`` is ours (place, person, armed_group, government, media, org,
    document, date, ...); ``label`` is spaCy's NER label when NER saw it.
    ``id`` is a GeoNames id for places (``geonames:123``) or an actor id
    (``actor:islamic_state``).
    """

    text: str
    type: str
    span: Span
    label: str | None = None
    id: str | None = None
    name: str | None = None  # canonical name (Tadmur, Islamic State)
    lat: float | None = None
    lon: float | None = None
    country: str | None = None  # ISO 3166-1 alpha-2
    feature: str | None = None  # GeoNames feature class/code, e.g. P.PPL
    source: str = "ner"  # ner | gazetteer | actors
    confidence: float = 1.0
    # Places: which evidence decided the grounding (qualifier, dateline, region,
    # nearby, country, coreference, prior, only). Added by issue 14.
    evidence: str | None = None
    # 'modifier' for a demonym grounded to its country ('Syrian' forces): not a
    # place where something happened; 'organisation_location' for a place named
    # inside an organisation's name ('Kentucky State Police').
    role: str | None = None
    location: str | None = None  # organisations: id of the place their name holds


@dataclass(frozen=True, slots=True)
class Cue(Record):
    text: str
    span: Span
    # attribution | claim | hedge | negation | modal | future | continuation | quote | relay
    # (relay: the cited outlet is the subject, "Sky received the documents …")
    kind: str = ""


@dataclass(frozen=True, slots=True)
class Hop(Record):
    """One link in a source chain, publisher first."""

    name: str
    kind: str  # publisher | outlet | document | person | group | official | anonymous
    span: Span | None = None  # None when it comes from metadata


@dataclass(frozen=True, slots=True)
class Claim(Record):
    text: str
    span: Span
    status: str  # asserted | reported | alleged | claimed | denied | hypothetical | future
    cues: list[Cue] = field(default_factory=list)
    chain: list[Hop] = field(default_factory=list)
    confidence: float = 0.5


@dataclass(frozen=True, slots=True)
class Quote(Record):
    text: str
    span: Span
    speaker: str | None
    kind: str  # direct | indirect
    affiliation: str | None = None
    cue: str | None = None
    chain: list[Hop] = field(default_factory=list)
    confidence: float = 0.5


@dataclass(frozen=True, slots=True)
class Participant(Record):
    text: str
    code: str | None = None  # ISO3 country code, or IGO/NGO code
    sector: str | None = None  # GOV, MIL, REB, MED, ...
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class Place(Record):
    text: str
    geonames_id: int | None = None
    lat: float | None = None
    lon: float | None = None
    country: str | None = None


@dataclass(frozen=True, slots=True)
class EventDate(Record):
    iso: str | None
    text: str | None = None
    precision: str | None = None  # day | month | year | duration


@dataclass(frozen=True, slots=True)
class Event(Record):
    type: str  # PLOVER, or OTHER (an accident, disaster or epidemic: mode says which)
    cameo_root: str | None
    span: Span
    mode: str | None = None
    actor: list[Participant] = field(default_factory=list)
    recipient: list[Participant] = field(default_factory=list)
    location: Place | None = None
    date: EventDate | None = None
    claim: int | None = None  # index into ArticleRecord.claims
    status: str | None = None
    trigger: str | None = None
    confidence: float = 0.5
    # when the source reported it ("…, Sky News reported on Monday"), not when it happened
    report_date: EventDate | None = None
    # "article": the event the article is about; "sentence": its sentence's main event; None: neither
    main: str | None = None
    # how the location was chosen: own (the event's place phrase) | sentence (nearest place of its
    # sentence) | dateline | article (the place the article names most) | None (no place)
    place_by: str | None = None


@dataclass(frozen=True, slots=True)
class ArticleRecord(Record):
    id: str
    title: str
    text: str
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    dateline: Dateline = field(default_factory=Dateline)
    removed: list[Removal] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    source: str | None = None
    publisher: str | None = None
    # ISO 639-1 code py3langid found ("en", "ru", "ar"), "und" when undetermined;
    # None in records made before language detection.
    language: str | None = None
    # Claims of the headline when it is given apart from the body (spans into ``title``);
    # empty when the body opens with the headline, whose claims are then in ``claims``.
    title_claims: list[Claim] = field(default_factory=list)
    # States/provinces the article grounds without doubt, as 'US-TN' (country-admin1 codes):
    # what teaches the store its outlet's home (allegedly.nlp.place_home).
    regions: list[str] = field(default_factory=list)


_NESTED: dict[str, type] = {
    "Dateline": Dateline,
    "DateMention": DateMention,
    "Removal": Removal,
    "Entity": Entity,
    "Cue": Cue,
    "Hop": Hop,
    "Claim": Claim,
    "Quote": Quote,
    "Participant": Participant,
    "Place": Place,
    "EventDate": EventDate,
    "Event": Event,
}
