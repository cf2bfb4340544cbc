"""From a RawArticle to an ArticleRecord: clean → dateline → language → spaCy → record.

The functions here are pure apart from the spaCy models they hold; reading
files and writing the store happen at the edges (``ingest``, ``store``).

Whatever goes wrong with one article (a parser bug, a text spaCy refuses, the
time budget running out) becomes that article's error Outcome; the stream of
the others goes on, in order.
"""
from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from spacy.tokens import Doc

from allegedly import language as lang
from allegedly.budget import ArticleTimeout, time_budget
from allegedly.clean import clean
from allegedly.dateline import parse_dateline
from allegedly.errors import AllegedlyError, EmptyInput, InputError, safe_text
from allegedly.foreign import foreign_dateline, foreign_entities
from allegedly.ids import article_id
from allegedly.ingest.guard import check_unicode
from allegedly.nlp import ArticleContext, build_nlp
from allegedly.nlp.context import known_text
from allegedly.nlp.place_home import outlet_key, region_code, sure_regions
from allegedly.provenance.headline import headline_claims, headline_claims_many, reads_title, title_doc
from allegedly.publisher import detect_publisher
from allegedly.published import normalise_published
from allegedly.records import ArticleRecord, RawArticle, Removal
from allegedly.settings import Settings
from allegedly.spans import tidy_spans
from allegedly.windows import run_whole, run_windowed

log = logging.getLogger(__name__)

# A short English article touching every component: a dateline, a place, a quote, a
# cited source, an event and a headline claim (Pipeline.load).
WARM_UP = RawArticle(
    source="<warm-up>",
    title="Police say thousands protested in Lyon",
    text=("LYON, France, 3 May 2021 (Reuters) - Thousands of people marched through Lyon on Monday "
          "against the new pension law, police said. \"We will not stop until the law is withdrawn,\" "
          "said Marie Dupont, a union leader. Officers arrested 12 people after clashes near the main "
          "station, the interior ministry told the BBC. The unions plan another strike next week, "
          "according to Le Monde."),
    url="https://example.org/warm-up",
    outlet="Example News",
)


@dataclass
class Prepared:
    """An article cleaned, dated and its language known, ready for the NLP pass."""

    raw: RawArticle
    id: str
    text: str
    context: ArticleContext
    removed: list[Removal]
    language: lang.Detected
    warnings: list[str] = field(default_factory=list)
    # The tokenised Doc for the English model's one-pass route (None for long or
    # non-English articles); taken by the first NLP attempt, a retry makes its own.
    doc: Doc | None = None

    @property
    def source(self) -> str:
        return self.raw.source


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
        self._loaded = False
        self._foreign: dict[str, object] = {}
        # outlet key → (country, admin1): fixed for a run by whoever starts it (``allegedly ingest``
        # reads them from the store); never learnt here, so every worker and batch order agrees.
        self.homes: dict[str, tuple[str, str]] = {}

    @property
    def nlp(self):
        if self._nlp is None:
            self._nlp = build_nlp(self.settings)
        return self._nlp

    def load(self) -> Pipeline:
        """Load the model and every table the pipeline reads lazily (language identifier,
        gazetteer, lexicons, cue model) by running one short built-in article through it.

        Done once before worker processes fork, they share what it loaded instead of each
        loading it again (about a second of CPU per process, and its memory); one worker
        pays it once either way. The warm-up's outcome is dropped and changes no later output."""
        if not self._loaded:
            for _ in self.process_many([WARM_UP]):
                pass
            self._loaded = True
        return self

    @property
    def after_model(self) -> tuple[str, ...]:
        names = self.settings.components
        return tuple(names[names.index("model") + 1:])

    def prepare(self, raw: RawArticle) -> Prepared:
        if safe_text(raw.source) != raw.source:
            raw = dataclasses.replace(raw, source=safe_text(raw.source))
        for name in ("text", "title", "url", "published", "outlet"):
            check_unicode(raw.source, name, getattr(raw, name))
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
        warnings = []
        published, problem = normalise_published(raw.published)
        if problem:
            warnings.append(problem)
        detected = lang.detect(text, raw.title)
        dateline = parse_dateline(text)
        if detected.code == lang.UNDETERMINED:
            warnings.append("language undetermined (text too short or mixed); read as English")
        elif not detected.english:
            warnings.append(self._foreign_warning(detected.code))
            if not dateline.dates:  # no English dateline shape fitted: try the language's own month names
                dateline = foreign_dateline(text, detected.code)
        ctx = ArticleContext(
            title=raw.title,
            outlet=raw.outlet,
            publisher=detect_publisher(raw, removed, dateline),
            published=published or _first_iso(dateline),
            dateline=dateline,
            home_region=self.homes.get(outlet_key(raw.outlet, raw.url) or "") if self.settings.outlet_homes else None,
        )
        p = Prepared(raw=raw, id=article_id(raw.title, raw.text, raw.url, raw.outlet), text=text, context=ctx,
                     removed=removed, language=detected, warnings=warnings)
        if _english(detected) and len(text) <= self.settings.window_chars:
            p.doc = self._new_doc(p)
        return p

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
        batch: list[Prepared | Outcome] = []
        for item in self._prepare_all(items, skip_ids or set()):
            batch.append(item)
            if sum(isinstance(i, Prepared) for i in batch) >= self.settings.batch_size:
                yield from self._run_batch(batch)
                batch = []
        if batch:
            yield from self._run_batch(batch)

    def _prepare_all(self, items, skip_ids) -> Iterator[Prepared | Outcome]:
        for item in items:
            if isinstance(item, InputError):
                yield Outcome(source=safe_text(item.source), error=item)
                continue
            source = safe_text(str(getattr(item, "source", None) or "<input>"))
            try:
                p = self.prepare(item)
            except InputError as exc:
                yield Outcome(source=source, error=exc)
                continue
            except AllegedlyError as exc:
                yield Outcome(source=source, error=InputError(source, str(exc)))
                continue
            except Exception as exc:  # noqa: BLE001 - a bug on one article is that article's error
                log.exception("preparing %s failed", source)
                yield Outcome(source=source, error=InputError(source, f"could not be prepared: {_describe(exc)}"))
                continue
            if p.id in skip_ids:
                yield Outcome(source=source, warnings=[f"already stored as {p.id}"])
                continue
            yield p

    # --- the NLP pass ---------------------------------------------------------------

    def _run_batch(self, batch: list[Prepared | Outcome]) -> Iterator[Outcome]:
        preps = [i for i in batch if isinstance(i, Prepared)]
        plain = [p for p in preps if p.doc is not None]
        done: dict[int, Outcome] = {}
        if plain:
            done.update(self._pipe(plain))
        for item in batch:
            if isinstance(item, Outcome):
                yield item
            else:
                yield done.get(id(item)) or self._one(item)

    def _pipe(self, preps: list[Prepared]) -> dict[int, Outcome]:
        """The components over short English articles, under the sum of their budgets.

        The titles that get claims of their own ride in the bodies' batch through the components
        up to the model's last, which need no context (a batch of short titles alone costs the
        model's per-batch overhead again); the rest of their way needs their bodies' context."""
        seconds = self.settings.article_seconds * len(preps)
        nlp = self.nlp
        wanted = [p for p in preps if reads_title(nlp, p.raw.title or "", p.text)]
        shared = len(nlp.pipeline) - len(self.after_model)
        try:
            with time_budget(seconds):
                docs = [self._doc(p) for p in preps] + [title_doc(nlp, p.raw.title) for p in wanted]
                for name, proc in nlp.pipeline[:shared]:
                    docs = _run(proc, docs)
                docs, titles = docs[:len(preps)], docs[len(preps):]
                for name, proc in nlp.pipeline[shared:]:
                    docs = _run(proc, docs)
        except (Exception, ArticleTimeout):  # noqa: BLE001 - retried one by one, each under its own budget
            log.warning("a batch of %d articles failed; retrying them one at a time", len(preps), exc_info=True)
            return {}
        try:
            heads = headline_claims_many(nlp, [(p.raw.title or "", d) for p, d in zip(preps, docs)],
                                         ran=(titles, shared))
        except Exception:  # noqa: BLE001 - each article's headline is tried again on its own
            log.debug("batched headline claims failed; reading them one at a time", exc_info=True)
            heads = [None] * len(docs)
        return {id(p): self._outcome(p, d, h) for p, d, h in zip(preps, docs, heads)}

    def _one(self, p: Prepared) -> Outcome:
        try:
            with time_budget(self.settings.article_seconds) as budget:
                if not _english(p.language):
                    return self._foreign_outcome(p, budget)
                if len(p.text) > self.settings.window_chars:
                    doc = run_windowed(self.nlp, p.text, p.context, self.settings.window_chars,
                                       self.after_model, budget)
                    doc.user_data["allegedly_removed"] = p.removed
                else:
                    doc = run_whole(self.nlp, self._doc(p), budget)
                return self._outcome(p, doc)
        except ArticleTimeout as exc:
            problem = (f"NLP stopped: {exc} ({len(p.text):,} characters); raise Settings.article_seconds "
                       f"(env ALLEGEDLY_ARTICLE_SECONDS, 0 = none) if it should have finished")
        except Exception as exc:  # noqa: BLE001 - reported per article
            log.debug("NLP failed on %s", p.source, exc_info=True)
            problem = f"NLP failed: {_describe(exc)}"
        return Outcome(source=p.source, error=InputError(p.source, problem))

    def _doc(self, p: Prepared) -> Doc:
        doc, p.doc = p.doc, None
        return doc if doc is not None else self._new_doc(p)

    def _new_doc(self, p: Prepared) -> Doc:
        doc = self.nlp.make_doc(p.text)
        known_text(doc, p.text)
        doc._.context = p.context
        doc.user_data["allegedly_removed"] = p.removed
        return doc

    def _outcome(self, p: Prepared, doc: Doc, heads: list | None = None) -> Outcome:
        warnings = [*p.warnings, *(doc._.warnings or [])]
        try:
            if heads is None:
                heads = headline_claims(self.nlp, p.raw.title or "", doc)
        except Exception as exc:  # noqa: BLE001 - the body's record stands without the headline's claims
            log.debug("headline claims failed on %s", p.source, exc_info=True)
            heads = []
            warnings.append(f"headline claims failed: {_describe(exc)}")
        try:
            record = to_record(p, doc, heads)
        except Exception as exc:  # noqa: BLE001 - a component's odd output is this article's error
            return Outcome(source=p.source, error=InputError(p.source, f"record failed: {_describe(exc)}"))
        if "allegedly_places" in self.nlp.pipe_names:
            from allegedly.nlp.places import _admin1_of, gazetteer

            gaz = gazetteer(self.nlp.get_pipe("allegedly_places").cache_dir)
            record = dataclasses.replace(record, regions=[
                region_code(r) for r in sure_regions(doc._.place_entities or [], lambda e: _admin1_of(gaz, e))])
        return Outcome(source=p.source, record=record, warnings=warnings)

    # --- other languages ------------------------------------------------------------

    def _foreign_warning(self, code: str) -> str:
        model = dict(self.settings.language_models).get(code)
        kept = f"entities from {model}" if model else "no entities"
        return (f"language {code} ({lang.name(code)}), not English: stored with its text, dateline, URL and "
                f"outlet and {kept}; no claims, quotes or events (the English model would misread it)")

    def _foreign_outcome(self, p: Prepared, budget) -> Outcome:
        model = dict(self.settings.language_models).get(p.language.code)
        entities = foreign_entities(self._foreign_nlp(model), p.text, self.settings.window_chars,
                                    budget) if model else []
        record = _record(p, p.text, entities=entities)
        return Outcome(source=p.source, record=record, warnings=list(p.warnings))

    def _foreign_nlp(self, model: str):
        if model not in self._foreign:
            from allegedly.nlp import _load_model

            self._foreign[model] = _load_model(model)
        return self._foreign[model]


def _run(proc, docs: list[Doc]) -> list[Doc]:
    # what nlp.pipe does for each component, over one batch
    return list(proc.pipe(docs)) if hasattr(proc, "pipe") else [proc(d) for d in docs]


def _english(detected: lang.Detected) -> bool:
    # An undetermined language (a few words, mixed scripts) is read as English, as before.
    return detected.english or detected.code == lang.UNDETERMINED


def _describe(exc: BaseException) -> str:
    text = str(exc)
    return f"{type(exc).__name__}: {text[:500]}{'…' if len(text) > 500 else ''}"


def to_record(p: Prepared, doc: Doc, title_claims: list | None = None) -> ArticleRecord:
    return _record(
        p,
        doc.text,
        entities=list(doc._.entities or []),
        claims=list(doc._.claims or []),
        quotes=list(doc._.quotes or []),
        events=list(doc._.events or []),
        title_claims=tidy_spans(p.raw.title or "", {"claims": title_claims or []})["claims"],
    )


def _record(p: Prepared, text: str, **parts) -> ArticleRecord:
    ctx, raw = p.context, p.raw
    parts = tidy_spans(text, parts)
    return ArticleRecord(
        id=p.id,
        title=raw.title,
        text=text,
        outlet=raw.outlet,
        url=raw.url,
        published=ctx.published,
        dateline=ctx.dateline,
        removed=list(p.removed),
        source=raw.source,
        publisher=ctx.publisher,
        language=p.language.code,
        **parts,
    )


def _first_iso(dateline) -> str | None:
    # Prefer the Gregorian date: it is what the publisher's CMS stamped.
    dates = sorted(dateline.dates, key=lambda d: d.calendar != "gregorian")
    for d in dates:
        if d.iso:
            return d.iso
    return None
