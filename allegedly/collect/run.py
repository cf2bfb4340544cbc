"""One collect run: discover links, fetch what is new, and store articles through ingest's loop.

    collector = Collector(conn, pipeline, FetchConfig(delay=1.0), run_id=run_id)
    summary = collector.run(Sources(feeds=[...], sitemaps=[...], urls=[...], warcs=[...]))

Discovery reads feeds and sitemaps (conditionally) and queues the links they
list in ``fetches``; then every queued page is fetched and handed, as it comes,
to ``Pipeline.process_many`` and ``store_outcomes``, the same calls `allegedly
ingest` makes. Each page's row is settled right after its article is stored,
so a run stopped at any point leaves the rest queued for the next one.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from allegedly.collect.feeds import parse_feed
from allegedly.collect.fetch import FetchConfig, Fetcher
from allegedly.collect.pages import Skip, to_article
from allegedly.collect.records import Listed, Page, Request
from allegedly.collect.sitemaps import parse_sitemap
from allegedly.collect.urls import normalise, origin
from allegedly.collect.warc import read_warc
from allegedly.errors import InputError
from allegedly.records import RawArticle
from allegedly.store import fetches, record_error, stored_ids
from allegedly.store.batch import ALREADY, IngestSummary, store_outcomes

MAX_SITEMAP_DEPTH = 4
MAX_SITEMAPS = 1000


@dataclass
class Sources:
    feeds: list[str] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)
    urls: list[tuple[str, str]] = field(default_factory=list)  # (url, the list it came from)
    warcs: list[str] = field(default_factory=list)

    @property
    def network(self) -> bool:
        return bool(self.feeds or self.sitemaps or self.urls)

    def rereadable(self) -> "Sources":
        """What a watch cycle reads again: the feeds and sitemaps."""
        return Sources(feeds=self.feeds, sitemaps=self.sitemaps)

    def names(self) -> list[str]:
        return [*self.feeds, *self.sitemaps, *sorted({via for _, via in self.urls}), *self.warcs]


@dataclass
class CollectSummary:
    ingest: IngestSummary = field(default_factory=IngestSummary)
    listed_new: int = 0  # links queued for the first time
    fetched: int = 0  # page answers received (any status)
    unchanged: int = 0  # 304s: feeds, sitemaps, robots.txt, rechecked pages
    skipped: int = 0  # pages that are not articles
    source_errors: int = 0  # feeds, sitemaps or WARC files that could not be read

    @property
    def interrupted(self) -> bool:
        return self.ingest.interrupted

    def line(self) -> str:
        s = self.ingest
        text = (f"listed {self.listed_new} new, fetched {self.fetched}, unchanged {self.unchanged}, "
                f"stored {s.stored}, already stored {s.already_stored}, not articles {self.skipped}, "
                f"errors {s.errors} — {self.fetched / s.seconds if s.seconds else 0:.1f} pages/s over {s.seconds:.1f} s")
        return ("interrupted: " + text) if s.interrupted else text


@dataclass
class Callbacks:
    error: Callable[[str, str], None] = lambda source, problem: None
    warning: Callable[[str, str], None] = lambda source, message: None
    skip: Callable[[str, str], None] = lambda url, reason: None
    done: Callable[[IngestSummary], None] = lambda summary: None


class Collector:
    def __init__(self, conn: sqlite3.Connection, pipeline, config: FetchConfig | None = None, *,
                 run_id: int | None = None, pipeline_version: str | None = None, transport=None,
                 recheck: bool = False, since: str | None = None, max_pages: int | None = None,
                 lang: str | None = None, callbacks: Callbacks | None = None):
        self.conn, self.pipeline, self.config = conn, pipeline, config or FetchConfig()
        self.run_id, self.pipeline_version, self.transport = run_id, pipeline_version, transport
        self.recheck, self.since, self.max_pages, self.lang = recheck, since, max_pages, lang
        self.on = callbacks or Callbacks()
        self.summary = CollectSummary()
        self._known_ids: set[str] = set()
        self._listed_now: set[str] = set()

    # --- the run -----------------------------------------------------------------

    def run(self, sources: Sources) -> CollectSummary:
        self._known_ids = stored_ids(self.conn)
        items: list[Iterator] = []
        fetcher = None
        try:
            if sources.network:
                fetcher = Fetcher(self.config, transport=self.transport, robots_known=self._robots_known())
                fetcher.__enter__()
                self._discover(fetcher, sources)
                items.append(self._fetched_items(fetcher))
            items.extend(self._warc_items(path) for path in sources.warcs)
            self._store(_chain(items))
        except KeyboardInterrupt:
            self.summary.ingest.interrupted = True
        finally:
            for it in items:
                it.close()
            if fetcher is not None:
                self._save_robots(fetcher)
                fetcher.close()
        return self.summary

    def _store(self, items: Iterator[RawArticle | InputError]) -> None:
        from allegedly.store.writers import outlet_homes

        # Outlet homes from what the store held before this run, fixed for the run.
        self.pipeline.homes = outlet_homes(self.conn) if self.pipeline.settings.outlet_homes else {}
        outcomes = self.pipeline.process_many(items, skip_ids=self._known_ids)
        store_outcomes(self.conn, self._settled(outcomes), run_id=self.run_id,
                       pipeline_version=self.pipeline_version, on_error=self.on.error,
                       on_warning=self.on.warning, on_done=self.on.done, summary=self.summary.ingest)

    # --- discovery ---------------------------------------------------------------

    def _discover(self, fetcher: Fetcher, sources: Sources) -> None:
        for url in [*sources.feeds, *sources.sitemaps]:
            if normalise(url) is None:
                self._source_error(url, "not an http(s) URL")
        wave = [self._request(u, "feed") for u in _keys(sources.feeds)]
        wave += [self._request(u, "sitemap") for u in _keys(sources.sitemaps)]
        seen = {r.url for r in wave}
        for _depth in range(MAX_SITEMAP_DEPTH + 1):
            if not wave:
                break
            children: list[tuple[str, str]] = []
            for page in fetcher.fetch_many(wave):
                children += self._read_source(page)
            self._save_robots(fetcher)
            fresh = [(u, k) for u, k in dict.fromkeys(children) if u not in seen][:max(0, MAX_SITEMAPS - len(seen))]
            seen.update(u for u, _ in fresh)
            wave = [self._request(u, kind) for u, kind in fresh]
        self._queue([Listed(url=u, via=via) for url, via in sources.urls if (u := normalise(url))], force=True)
        bad = [(url, via) for url, via in sources.urls if normalise(url) is None]
        for url, via in bad:
            self._source_error(url, f"not an http(s) URL (in {via})")

    def _read_source(self, page: Page) -> list[tuple[str, str]]:
        """Record a feed or sitemap answer and queue what it lists; return (url, kind) of the
        sources it points to: an index's sitemaps, the feeds a front page announces."""
        s = self.summary
        state = "unchanged" if page.not_modified else ("read" if page.ok else "failed")
        fields = dict(kind=page.kind, state=state, status=page.status, final_url=page.final_url,
                      fetched_at=page.fetched_at, reason=page.error, run_id=self.run_id)
        if page.ok:
            fields.update(etag=page.etag, last_modified=page.last_modified, content_type=page.content_type)
        if page.not_modified:
            s.unchanged += 1
            fetches.save(self.conn, page.url, **fields)
            # an index that did not change still points at children that may have
            return [(r["url"], r["kind"]) for r in self._children_of(page.url)]
        s.fetched += 1
        try:
            if not page.ok:
                raise InputError(page.url, page.error or f"HTTP {page.status}")
            parse = parse_feed if page.kind == "feed" else parse_sitemap
            listed = parse(page.url, page.body)
        except InputError as exc:
            fields.update(state="failed", reason=exc.problem)
            fetches.save(self.conn, page.url, count_attempt=True, **fields)
            self._source_error(page.url, exc.problem)
            return []
        fetches.save(self.conn, page.url, count_attempt=True, **fields)
        self._queue([x for x in listed if x.kind == "page"])
        children = [x for x in listed if x.kind in ("sitemap", "feed")]
        fetches.queue(self.conn, ({"url": c.url, "kind": c.kind, "via": page.url, "listed_date": c.date}
                                  for c in children), run_id=self.run_id)
        return [(c.url, c.kind) for c in children]

    def _children_of(self, url: str) -> list[dict]:
        return [dict(r) for r in self.conn.execute(
            "SELECT url, kind FROM fetches WHERE kind IN ('sitemap', 'feed') AND via = ?", (url,))]

    def _queue(self, links: Iterable[Listed], force: bool = False) -> None:
        links = [x for x in links if force or not self._too_old(x.date)]
        self._listed_now.update(x.url for x in links)
        self.summary.listed_new += fetches.queue(self.conn, (
            {"url": x.url, "via": x.via, "listed_title": x.title, "listed_date": x.date} for x in links),
            run_id=self.run_id)

    def _too_old(self, date: str | None) -> bool:
        return bool(self.since and date and date[:10] < self.since)

    def _request(self, url: str, kind: str) -> Request:
        row = fetches.get(self.conn, url) or {}
        if kind == "page" and row.get("state") in (None, "queued", "failed"):
            return Request(url=url, kind=kind)  # we hold no copy to revalidate: fetch it whole
        return Request(url=url, kind=kind, etag=row.get("etag"), last_modified=row.get("last_modified"))

    def _source_error(self, source: str, problem: str) -> None:
        self.summary.source_errors += 1
        self.summary.ingest.errors += 1
        record_error(self.conn, source, problem, self.run_id)
        self.on.error(source, problem)

    # --- pages ---------------------------------------------------------------------

    def _fetched_items(self, fetcher: Fetcher) -> Iterator[RawArticle | InputError]:
        rows = fetches.pending(self.conn, limit=self.max_pages)
        urls = [r["url"] for r in rows]
        if self.recheck:
            done = fetches.known(self.conn, self._listed_now)
            urls += [u for u, r in done.items() if r["state"] in fetches.DONE_STATES and r["kind"] == "page"]
            urls = list(dict.fromkeys(urls))[:self.max_pages]
        for page in fetcher.fetch_many(self._request(u, "page") for u in urls):
            yield from self._page_item(page)

    def _warc_items(self, path: str) -> Iterator[RawArticle | InputError]:
        for page in read_warc(path, self.config.max_bytes):
            if isinstance(page, InputError):
                self.summary.source_errors += 1
                yield page
                continue
            row = fetches.get(self.conn, page.url)
            if row and row["state"] in fetches.DONE_STATES and not self.recheck:
                self.summary.ingest.already_stored += row["state"] in ("stored", "duplicate")
                continue
            fetches.queue(self.conn, [{"url": page.url, "kind": "warc", "via": path}], run_id=self.run_id)
            yield from self._page_item(page)

    def _page_item(self, page: Page) -> Iterator[RawArticle | InputError]:
        """Record the answer, then give the pipeline its article (or error); skips stop here."""
        s = self.summary
        row = fetches.get(self.conn, page.url) or {}
        fields = dict(kind=row.get("kind") or page.kind, status=page.status, final_url=page.final_url,
                      fetched_at=page.fetched_at, reason=page.error, run_id=self.run_id,
                      content_type=page.content_type)
        if page.not_modified:
            s.unchanged += 1
            fetches.save(self.conn, page.url, state=row.get("state") or "queued", **fields)
            return
        if page.status is not None:
            s.fetched += 1
        if page.ok:
            fields.update(etag=page.etag, last_modified=page.last_modified)
        try:
            item = to_article(page, listed_title=row.get("listed_title"), listed_date=row.get("listed_date"),
                              lang=self.lang)
        except InputError as exc:
            state = "disallowed" if page.disallowed else ("gone" if page.status in (404, 410) else "failed")
            fetches.save(self.conn, page.url, state=state, count_attempt=True, **{**fields, "reason": exc.problem})
            yield exc
            return
        if isinstance(item, Skip):
            s.skipped += 1
            fetches.save(self.conn, page.url, state="skipped", count_attempt=True, **{**fields, "reason": item.reason})
            self._alias(page, "skipped", None, item.reason)
            self.on.skip(page.url, item.reason)
            return
        fetches.save(self.conn, page.url, state="queued", count_attempt=True, **fields)
        yield item

    def _settled(self, outcomes) -> Iterator:
        """Pass outcomes to store_outcomes; once each is stored, settle its fetches row."""
        for outcome in outcomes:
            yield outcome
            self._settle(outcome)

    def _settle(self, outcome) -> None:
        url = outcome.source
        row = fetches.get(self.conn, url)
        if row is None:
            return  # a WARC file's own error, not a page
        if outcome.error is not None:
            if row["state"] == "queued":  # the pipeline failed on it (fetch errors are settled already)
                fetches.save(self.conn, url, kind=row["kind"], state="failed", reason=outcome.error.problem)
            return
        if outcome.record is None:
            already = next((w[len(ALREADY):] for w in outcome.warnings if w.startswith(ALREADY)), None)
            state, article_id = ("duplicate", already) if already else ("failed", None)
            if already and already == row["article_id"]:
                state = row["state"]  # a rechecked page that did not change
        elif row["state"] == "stored" and row["article_id"] == outcome.record.id:
            state, article_id = "stored", outcome.record.id  # the store's writer marked it
            self._known_ids.add(article_id)
        else:
            article_id = outcome.record.id
            stored = self.conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone()
            state, article_id = ("duplicate", article_id) if stored else ("failed", None)
        fetches.save(self.conn, url, kind=row["kind"], state=state, article_id=article_id)
        page = Page(url=url, final_url=row["final_url"] or url, status=row["status"], fetched_at=row["fetched_at"] or "")
        self._alias(page, state, article_id, None)

    def _alias(self, page: Page, state: str, article_id: str | None, reason: str | None) -> None:
        """A redirect target is the same page: record it so it is not fetched under its own URL."""
        final = normalise(page.final_url) if page.final_url else None
        if final and final != page.url and fetches.get(self.conn, final) is None:
            fetches.save(self.conn, final, state=state, article_id=article_id, reason=reason, via=page.url,
                         status=page.status, final_url=page.final_url, fetched_at=page.fetched_at,
                         run_id=self.run_id)

    # --- robots.txt ----------------------------------------------------------------

    def _robots_known(self) -> dict[str, dict]:
        return {origin(r["url"]): dict(r) for r in self.conn.execute(
            "SELECT url, etag, last_modified, body FROM fetches WHERE kind = 'robots'")}

    def _save_robots(self, fetcher: Fetcher) -> None:
        for page in fetcher.drain_robots():
            if page.not_modified:
                self.summary.unchanged += 1
                fetches.save(self.conn, page.url, kind="robots", state="unchanged", status=304,
                             fetched_at=page.fetched_at, run_id=self.run_id)
                continue
            self.summary.fetched += page.status is not None
            fields = dict(kind="robots", state="read" if page.status else "failed", status=page.status,
                          final_url=page.final_url, fetched_at=page.fetched_at, reason=page.error,
                          run_id=self.run_id, etag=page.etag, last_modified=page.last_modified)
            if page.ok:
                fields["body"] = page.body.decode("utf-8", "replace")
            fetches.save(self.conn, page.url, **fields)


def _keys(urls: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(u for url in urls if (u := normalise(url))))


def _chain(iterators: list[Iterator]) -> Iterator:
    for it in iterators:
        yield from it
