"""Collect throughput from a local news site on 127.0.0.1: pages per second.

    python bench/collect_bench.py [--pages 300] [--articles 60] [--repeat 3]

The site (tests/collect_site.py) serves the bundled Wikinews articles as HTML,
each page made distinct by a reference line, and a feed listing them. Three
figures, medians of --repeat runs, each over a fresh store:
  fetch       Fetcher.fetch_many alone (robots.txt, limiter, httpx), --delay 0
  + extract   the same plus ingest's HTML reader and the not-an-article checks
  collect     the whole `allegedly collect --feed` run: fetch, extract, NLP, store, stories,
              next to `allegedly ingest` of the same pages saved as .html files
The polite default (--delay 1 s per host) caps one host at 1 page/s by design;
these figures use --delay 0 to measure the machinery. Only 127.0.0.1 is contacted.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from collect_site import Route, Site, article_html, rss, wikinews  # noqa: E402

from allegedly.collect.fetch import FetchConfig, Fetcher  # noqa: E402
from allegedly.collect.pages import to_article  # noqa: E402
from allegedly.collect.records import Request  # noqa: E402


def build(site: Site, n: int) -> list[str]:
    base = wikinews()
    site.routes["/robots.txt"] = Route(body="User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    paths = []
    for i in range(n):
        a = dict(base[i % len(base)])
        a["title"] = f"{a['title']} ({i})"
        a["text"] = a["text"] + f"\nReference number {i} of the bench run."
        site.routes[f"/a/{i}"] = Route(body=article_html(a))
        paths.append(f"/a/{i}")
    site.routes["/feed.rss"] = Route(body=rss([(site.url(p), f"item {p}", "") for p in paths]),
                                     content_type="application/rss+xml")
    return paths


def fetch_rate(site: Site, paths: list[str], extract: bool) -> float:
    config = FetchConfig(delay=0, per_host=8, concurrency=8, retries=0)
    t0 = time.perf_counter()
    ok = 0
    with Fetcher(config) as fetcher:
        for page in fetcher.fetch_many(Request(site.url(p)) for p in paths):
            if extract:
                to_article(page)
            ok += page.ok
    assert ok == len(paths), f"only {ok} of {len(paths)} pages fetched"
    return len(paths) / (time.perf_counter() - t0)


def collect_rate(site: Site, n: int, pipeline) -> float:
    from allegedly.collect.run import Collector, Sources
    from allegedly.store import connect

    with tempfile.TemporaryDirectory() as tmp:
        conn = connect(Path(tmp) / "bench.db")
        config = FetchConfig(delay=0, per_host=8, concurrency=8, retries=0)
        t0 = time.perf_counter()
        summary = Collector(conn, pipeline, config, max_pages=n).run(Sources(feeds=[site.url("/feed.rss")]))
        seconds = time.perf_counter() - t0
        assert summary.ingest.stored == n, summary.line()
        conn.close()
    return n / seconds


def ingest_rate(site: Site, n: int, pipeline) -> float:
    """The same pages as .html files through `allegedly ingest`'s calls: the baseline."""
    from allegedly.ingest import read_inputs
    from allegedly.store import connect
    from allegedly.store.batch import store_outcomes

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "pages"
        folder.mkdir()
        for i in range(n):
            body = site.routes[f"/a/{i}"].body
            (folder / f"{i:05d}.html").write_text(body if isinstance(body, str) else body.decode(), "utf-8")
        conn = connect(Path(tmp) / "bench.db")
        t0 = time.perf_counter()
        summary = store_outcomes(conn, pipeline.process_many(read_inputs([str(folder)])))
        seconds = time.perf_counter() - t0
        assert summary.stored == n, summary.line()
        conn.close()
    return n / seconds


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=300, help="pages for the fetch figures")
    ap.add_argument("--articles", type=int, default=60, help="articles for the full collect figure")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    from allegedly.pipeline import Pipeline

    pipeline = Pipeline()
    pipeline.nlp  # load spaCy before the clock starts
    with Site() as site:
        paths = build(site, max(args.pages, args.articles))
        fetch = [fetch_rate(site, paths[:args.pages], False) for _ in range(args.repeat)]
        extract = [fetch_rate(site, paths[:args.pages], True) for _ in range(args.repeat)]
        full, files = [], []
        for _ in range(args.repeat):  # interleaved, so machine load hits both alike
            full.append(collect_rate(site, args.articles, pipeline))
            files.append(ingest_rate(site, args.articles, pipeline))
    print(f"local site on 127.0.0.1, --delay 0, 8 in flight; medians of {args.repeat} runs")
    print(f"  fetch only ({args.pages} pages):               {statistics.median(fetch):7.1f} pages/s")
    print(f"  fetch + extract ({args.pages} pages):          {statistics.median(extract):7.1f} pages/s")
    c, f = statistics.median(full), statistics.median(files)
    print(f"  collect: fetch, NLP, store ({args.articles} articles): {c:7.1f} pages/s")
    print(f"  ingest of the same pages as .html files:       {f:7.1f} pages/s (collect/ingest {c / f:.2f}×)")


if __name__ == "__main__":
    main()
