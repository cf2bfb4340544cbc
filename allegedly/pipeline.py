"""From a RawArticle to an ArticleRecord: clean → dateline → spaCy → record.

The functions here are pure apart from the spaCy model they hold; reading
files and writing the store happen at the edges (``ingest``, ``store``).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from spacy.tokens import Doc

from allegedly.clean import clean
from allegedly.dateline import parse_dateline
from allegedly.errors import AllegedlyError, EmptyInput, InputError
from allegedly.ids import article_id
from allegedly.nlp import ArticleContext, build_nlp
from allegedly.publisher import detect_publisher
from allegedly.records import ArticleRecord, RawArticle
from allegedly.settings import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Prepared:
    """An article cleaned and dated, ready for the NLP pass."""

    raw: RawArticle
    id: str
    doc: Doc


@dataclass
class Outcome:
    """What happened to one input: a record, or an error naming the input."""

    source: str
    record: ArticleRecord | None = None
    error: InputError | None = None
    warnings: list[str] = field(default_factory=list)


class Pipeline:
    def __init__(self, settings: Settings | None = None):
        self.settings = settings or Settings.from_env()
        self._nlp = None

    @property
    def nlp(self):
        if self._nlp is None:
            self._nlp = build_nlp(self.settings)
        return self._nlp

    def prepare(self, raw: RawArticle) -> Prepared:
        if not raw.text.strip():
            raise EmptyInput(raw.source, "no article text (empty body)")
        if len(raw.text) > self.settings.max_chars:
            raise InputError(
                raw.source,
                f"article body is {len(raw.text):,} characters, over the limit of "
                f"{self.settings.max_chars:,} (Settings.max_chars); is this really one article?",
            )
        text, removed = clean(raw.text)
        if not text.strip():
            raise EmptyInput(raw.source, "nothing is left after removing scraping noise")
        dateline = parse_dateline(text)
        published = raw.published or _first_iso(dateline)
        ctx = ArticleContext(
            title=raw.title,
            outlet=raw.outlet,
            publisher=detect_publisher(raw, removed, dateline),
            published=published,
            dateline=dateline,
        )
        doc = self.nlp.make_doc(text)
        doc._.context = ctx
        doc.user_data["allegedly_removed"] = removed
        return Prepared(raw=raw, id=article_id(raw.title, raw.text, raw.url, raw.outlet), doc=doc)

    def process(self, raw: RawArticle) -> ArticleRecord:
        outcome = next(self.process_many([raw]))
        if outcome.error:
            raise outcome.error
        assert outcome.record is not None
        return outcome.record

    def process_many(
        self, items: Iterable[RawArticle | InputError], skip_ids: set[str] | None = None
    ) -> Iterator[Outcome]:
        """Yield one Outcome per input, in order; errors never stop the stream."""
        prepared = self._prepare_all(items, skip_ids or set())
        for item in _pipe(self.nlp, prepared, self.settings.batch_size):
            yield item

    def _prepare_all(self, items, skip_ids) -> Iterator[Prepared | Outcome]:
        for item in items:
            if isinstance(item, InputError):
                yield Outcome(source=item.source, error=item)
                continue
            try:
                p = self.prepare(item)
            except InputError as exc:
                yield Outcome(source=item.source, error=exc)
                continue
            except AllegedlyError as exc:
                yield Outcome(source=item.source, error=InputError(item.source, str(exc)))
                continue
            if p.id in skip_ids:
                yield Outcome(source=item.source, warnings=[f"already stored as {p.id}"])
                continue
            yield p


def _pipe(nlp, items: Iterator[Prepared | Outcome], batch_size: int) -> Iterator[Outcome]:
    """Run nlp.pipe over the prepared docs while passing Outcomes through in order."""
    batch: list[Prepared | Outcome] = []
    for item in items:
        batch.append(item)
        if sum(isinstance(i, Prepared) for i in batch) >= batch_size:
            yield from _run_batch(nlp, batch)
            batch = []
    if batch:
        yield from _run_batch(nlp, batch)


def _run_batch(nlp, batch: list[Prepared | Outcome]) -> Iterator[Outcome]:
    preps = [i for i in batch if isinstance(i, Prepared)]
    try:
        docs = list(nlp.pipe(p.doc for p in preps))
    except Exception:  # one bad doc must not sink the batch: retry one by one
        log.exception("batch failed; retrying its articles one at a time")
        docs = []
        for p in preps:
            try:
                docs.append(nlp(p.doc))
            except Exception as exc:  # noqa: BLE001 - reported per article
                docs.append(exc)
    done = dict(zip((id(p) for p in preps), docs))
    for item in batch:
        if isinstance(item, Outcome):
            yield item
            continue
        doc = done[id(item)]
        if isinstance(doc, Exception):
            yield Outcome(
                source=item.raw.source,
                error=InputError(item.raw.source, f"NLP failed: {type(doc).__name__}: {doc}"),
            )
            continue
        yield Outcome(
            source=item.raw.source,
            record=to_record(item, doc),
            warnings=list(doc._.warnings or []),
        )


def to_record(p: Prepared, doc: Doc) -> ArticleRecord:
    ctx: ArticleContext = doc._.context
    raw = p.raw
    return ArticleRecord(
        id=p.id,
        title=raw.title,
        text=doc.text,
        outlet=raw.outlet,
        url=raw.url,
        published=ctx.published,
        dateline=ctx.dateline,
        removed=list(doc.user_data.get("allegedly_removed", [])),
        entities=list(doc._.entities or []),
        claims=list(doc._.claims or []),
        quotes=list(doc._.quotes or []),
        events=list(doc._.events or []),
        source=raw.source,
        publisher=ctx.publisher,
    )


def _first_iso(dateline) -> str | None:
    # Prefer the Gregorian date: it is what the publisher's CMS stamped.
    dates = sorted(dateline.dates, key=lambda d: d.calendar != "gregorian")
    for d in dates:
        if d.iso:
            return d.iso
    return None
