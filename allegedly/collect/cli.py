"""``allegedly collect`` (feeds, sitemaps, URL lists, WARC files, watch mode) and ``allegedly fetches``."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from allegedly.cli import (EXIT_INTERRUPTED, EXIT_NOTHING, EXIT_OK, _cells, _finish, db_option, domain_errors,
                           get_pipeline, model_option, open_store, pipeline_version)

COLLECT_EXIT = (
    "\b\nExit codes:\n"
    "  0    the run went through (nothing new is fine; failed pages are in `allegedly errors`)\n"
    "  1    nothing usable: every source failed\n"
    "  2    usage error (no source given, unknown option)\n"
    "  130  interrupted (Ctrl-C); everything stored before that is kept, the rest stays queued"
)


@click.command(epilog=COLLECT_EXIT)
@click.option("--feed", "feeds", multiple=True, metavar="URL",
              help="An RSS or Atom feed, or a page announcing feeds (repeatable).")
@click.option("--feeds", "feed_lists", multiple=True, type=click.Path(dir_okay=False), metavar="FILE",
              help="A file of feed URLs, one a line, or an OPML export (repeatable).")
@click.option("--sitemap", "sitemaps", multiple=True, metavar="URL",
              help="A sitemap, sitemap index or news sitemap, or a site's /robots.txt for the sitemaps "
                   "it names (repeatable).")
@click.option("--url", "urls", multiple=True, metavar="URL", help="One article page (repeatable).")
@click.option("--urls", "url_lists", multiple=True, metavar="FILE",
              help="A file of page URLs, one a line; '-' reads standard input (repeatable).")
@click.option("--warc", "warcs", multiple=True, type=click.Path(dir_okay=False), metavar="FILE",
              help="A .warc or .warc.gz file, e.g. Common Crawl News (repeatable; read locally).")
@click.option("--watch", "every", type=click.FloatRange(min=0.01), default=None, metavar="MINUTES",
              help="Re-read the feeds and sitemaps every MINUTES until Ctrl-C.")
@click.option("--cycles", type=click.IntRange(1), default=None, help="With --watch: stop after this many reads.")
@click.option("--delay", type=click.FloatRange(min=0), default=1.0, show_default=True,
              help="Seconds between request starts on one host (robots.txt Crawl-delay can raise it).")
@click.option("--per-host", type=click.IntRange(1, 16), default=2, show_default=True,
              help="Requests in flight per host.")
@click.option("--concurrency", type=click.IntRange(1, 256), default=8, show_default=True,
              help="Requests in flight in all.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=20.0, show_default=True,
              help="Seconds to wait for a connection or the next bytes.")
@click.option("--retries", type=click.IntRange(0, 10), default=2, show_default=True,
              help="Further attempts after a timeout, a refused connection, 429 or 5xx (backoff doubles).")
@click.option("--backoff", type=click.FloatRange(min=0), default=1.0, show_default=True,
              help="Seconds before the first retry.")
@click.option("--user-agent", default=None, envvar="ALLEGEDLY_USER_AGENT",
              help="User-Agent header (default names allegedly and its version; add a contact).")
@click.option("--max-pages", type=click.IntRange(1), default=None, help="Fetch at most this many pages a run.")
@click.option("--since", default=None, metavar="YYYY-MM-DD", help="Leave out feed and sitemap entries dated before.")
@click.option("--lang", default="any", show_default=True, metavar="CODE",
              help="Keep only articles in this language (e.g. 'en': only English articles get claims and "
                   "events; others are stored with their text, URL and dateline); 'any' keeps all.")
@click.option("--recheck", is_flag=True,
              help="Revalidate pages already fetched (conditional GET); a changed page is stored as a new version.")
@db_option
@model_option
@click.option("--batch-size", type=click.IntRange(1, 10_000), default=None, help="Articles per spaCy batch.")
@domain_errors
def collect(feeds, feed_lists, sitemaps, urls, url_lists, warcs, every, cycles, delay, per_host, concurrency,
            timeout, retries, backoff, user_agent, max_pages, since, lang, recheck, db, model, batch_size):
    """Collect articles from feeds, sitemaps, URL lists and WARC files into the store.

    Every page goes through the same reading, cleaning, NLP and store as
    `allegedly ingest`; its URL, fetch time, HTTP status and final URL are kept
    in the fetches table. Fetching is polite (robots.txt, a per-host delay and
    limit, retries with backoff, conditional GET), and a rerun fetches only
    what is new. Pages that are not articles (index, video, paywall stub) are
    skipped with the reason. Nothing touches the network unless a URL source is given.
    """
    from allegedly.collect.feeds import read_feed_list, read_url_lines
    from allegedly.collect.fetch import FetchConfig
    from allegedly.collect.run import Sources
    from allegedly.settings import Settings

    if since is not None and not _is_date(since):
        raise click.BadParameter(f"{since!r} is not a date YYYY-MM-DD", param_hint="--since")
    sources = Sources(feeds=list(feeds), sitemaps=list(sitemaps), warcs=list(warcs),
                      urls=[(u, "--url") for u in urls])
    for path in feed_lists:
        sources.feeds += read_feed_list(path)
    for path in url_lists:
        data = sys.stdin.buffer.read() if path == "-" else _read(path)
        sources.urls += [(u, path) for u in read_url_lines(path, data)]
    for path in warcs:
        if not Path(path).is_file():
            raise click.BadParameter(f"no such file: {path}", param_hint="--warc")
    if not (sources.network or sources.warcs):
        raise click.UsageError("give at least one source: --feed, --feeds, --sitemap, --url, --urls or --warc "
                               "(a list file may be empty)")
    if every is not None and not (sources.feeds or sources.sitemaps):
        raise click.UsageError("--watch re-reads feeds and sitemaps; give --feed, --feeds or --sitemap")
    config = FetchConfig(delay=delay, per_host=per_host, concurrency=concurrency, timeout=timeout,
                         retries=retries, backoff=backoff, **({"user_agent": user_agent} if user_agent else {}))
    err = Console(stderr=True, highlight=False)
    conn = open_store(db)
    pipeline = get_pipeline(Settings.from_env(model=model, batch_size=batch_size))
    options = dict(recheck=recheck, since=since, max_pages=max_pages,
                   lang=None if lang.lower() == "any" else lang.lower())
    results = []

    def cycle(n: int) -> bool:
        summary = run_cycle(conn, pipeline, config, sources if n == 0 else sources.rereadable(), err, options)
        results.append(summary)
        return not summary.interrupted

    if every is None:
        cycle(0)
    else:
        from allegedly.collect.watch import watch

        watch(cycle, every, cycles=cycles,
              on_wait=lambda s: err.print(f"next read in {s / 60:.1f} min — Ctrl-C stops", soft_wrap=True))
    sys.exit(_exit_code(results))


def run_cycle(conn, pipeline, config, sources, err: Console, options: dict):
    """One collect run with its row in ``runs``, reporting to ``err`` as it goes."""
    from allegedly.collect.run import Callbacks, Collector
    from allegedly.store import start_run

    version_text = pipeline_version(pipeline)
    run_id = start_run(conn, pipeline_version=version_text, model=pipeline.settings.model,
                       inputs=["collect", *sources.names()])

    def say(kind: str, colour: str):
        return lambda source, text: err.print(f"[{colour}]{kind}:[/{colour}] {escape(source)}: {escape(text)}",
                                              soft_wrap=True)

    callbacks = Callbacks(error=say("error", "red"), warning=say("warning", "yellow"), skip=say("not an article", "cyan"))
    collector = Collector(conn, pipeline, config, run_id=run_id, pipeline_version=version_text,
                          callbacks=callbacks, **options)
    try:
        summary = collector.run(sources)
    except BaseException:
        _finish(conn, run_id, collector.summary.ingest, collector.summary, "failed")
        raise
    _finish(conn, run_id, summary.ingest, summary, "interrupted" if summary.interrupted else "done")
    err.print(summary.line(), soft_wrap=True)
    return summary


def _exit_code(results) -> int:
    if any(s.interrupted for s in results):
        return EXIT_INTERRUPTED
    worked = any(s.fetched or s.unchanged or s.ingest.processed for s in results)
    failed = any(s.source_errors for s in results)
    return EXIT_NOTHING if failed and not worked else EXIT_OK


def _read(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise click.BadParameter(f"cannot read {path}: {exc.strerror or exc}", param_hint="--urls") from None


def _is_date(text: str) -> bool:
    from datetime import date

    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


@click.command(name="fetches")
@db_option
@click.option("--state", default=None, help="Only this state: queued, stored, duplicate, skipped, read, "
                                            "unchanged, gone, failed, disallowed.")
@click.option("--kind", default=None, help="Only this kind: page, feed, sitemap, robots, warc.")
@click.option("--limit", type=click.IntRange(1, 100_000), default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the rows as JSON Lines.")
@domain_errors
def fetches_command(db, state, kind, limit, as_json):
    """What collect fetched or read, newest first: state, HTTP status, reason, article."""
    from allegedly.store import fetches

    conn = open_store(db, must_exist=True)
    rows = fetches.listing(conn, state=state, kind=kind, limit=limit)
    if as_json:
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
        return
    if not rows:
        click.echo("nothing fetched yet" if not (state or kind) else "no fetches match")
        return
    table = Table("state", "status", "kind", "url", "article / reason", box=box.SIMPLE_HEAD, pad_edge=False)
    for r in rows:
        table.add_row(*_cells(r["state"], r["status"], r["kind"], r["url"], r["article_id"] or r["reason"]))
    Console().print(table)
    totals = fetches.counts(conn)
    click.echo(" · ".join(f"{k} {v}" for k, v in totals.items()))


COMMANDS = [collect, fetches_command]
