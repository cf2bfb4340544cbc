"""`allegedly collect` against a local news site on 127.0.0.1 (no other host), and its parts.

The site (tests/collect_site.py) serves two feeds, a sitemap index with a news
sitemap, real article pages (the bundled Wikinews articles in HTML), a redirect,
a robots.txt that forbids /private/, a slow page, a 500, a 404, a video page and
an index page. Request loops are bounded: a few dozen requests a test.
"""
from __future__ import annotations

import asyncio
import gzip
import io
import sqlite3
import subprocess
import sys

import httpx
import pytest
from click.testing import CliRunner

from allegedly import cli
from allegedly.collect.feeds import parse_feed, read_feed_list
from allegedly.collect.fetch import FetchConfig, Fetcher
from allegedly.collect.limits import HostLimiter
from allegedly.collect.pages import Skip, read_signals, not_an_article, to_article
from allegedly.collect.records import Page, Request
from allegedly.collect.robots import rules_from
from allegedly.collect.sitemaps import parse_sitemap
from allegedly.collect.urls import normalise
from allegedly.collect.watch import watch
from allegedly.errors import InputError

from conftest import ENGINES, store_factory
from collect_site import ROOT, Route, Site, article_html, atom, news_site, news_sitemap, publish, rss, sitemap_index, wikinews

DELAY = 0.3
FAST = ["--timeout", "1", "--retries", "1", "--backoff", "0.1"]


@pytest.fixture(scope="module", autouse=True)
def shared_pipeline(pipeline):
    cli._PIPELINES[pipeline.settings] = pipeline
    yield pipeline
    cli._PIPELINES.clear()


def run(*args, input=None):
    result = CliRunner(env={"COLUMNS": "200"}).invoke(cli.main, [str(a) for a in args], input=input,
                                                      catch_exceptions=False)
    return result


def rows(db, sql, *args):
    if str(db).startswith("postgresql://"):
        from allegedly.store import connect

        with connect(db, migrate=False) as c:
            return [dict(r) for r in c.execute(sql, args)]
    with sqlite3.connect(db) as c:
        c.row_factory = sqlite3.Row
        return [dict(r) for r in c.execute(sql, args)]


# --- the acceptance run ---------------------------------------------------------------


@pytest.fixture(scope="module", params=ENGINES)
def crawl(request, tmp_path_factory):
    """Two collect runs over the same site; the site's request log tells what each fetched.
    Once into an SQLite file, once into PostgreSQL (skipped with the reason when no server can start)."""
    db = store_factory(request, request.param, tmp_path_factory.mktemp("collect"))("c.db")
    with news_site(wikinews()) as site:
        publish(site)
        args = ["collect", "--feed", site.url("/feed.rss"), "--feed", site.url("/feed.atom"),
                "--sitemap", site.url("/sitemap.xml"), "--delay", DELAY, *FAST, "--db", db]
        first = run(*args)
        first_hits = list(site.hits)
        second = run(*args)
        # the slow page's hits land when its sleep ends; wait for them so the log is whole
        deadline = __import__("time").monotonic() + 5
        while site.inflight and __import__("time").monotonic() < deadline:
            __import__("time").sleep(0.1)
        yield dict(db=db, site=site, first=first, second=second, first_hits=first_hits,
                   second_hits=site.hits[len(first_hits):])


def test_collect_stores_exactly_the_allowed_articles_once(crawl):
    assert crawl["first"].exit_code == 0, crawl["first"].output
    base = crawl["site"].base
    articles = rows(crawl["db"], "SELECT url, title, published, outlet FROM articles ORDER BY url")
    a = wikinews()
    assert [r["url"] for r in articles] == [f"{base}/news/{i}" for i in (1, 2, 4, 5, 6)]
    by_url = {r["url"]: r for r in articles}
    for i in (1, 2, 4, 5, 6):
        assert by_url[f"{base}/news/{i}"]["title"] == a[i - 1]["title"]
        assert by_url[f"{base}/news/{i}"]["published"] == a[i - 1]["published"]
    # /news/1 is listed three times under tracking parameters and /news/2 twice: one fetch each
    paths = [h.path for h in crawl["first_hits"]]
    assert paths.count("/news/1") == 1 and paths.count("/news/2") == 1
    assert "/private/3" not in paths  # robots.txt forbids it: never requested


def test_each_page_keeps_url_fetch_time_status_and_final_url(crawl):
    base = crawl["site"].base
    f = {r["url"]: r for r in rows(crawl["db"], "SELECT * FROM fetches")}
    moved = f[f"{base}/old/4"]
    assert (moved["status"], moved["final_url"], moved["state"]) == (200, f"{base}/news/4", "stored")
    assert f[f"{base}/news/4"]["article_id"] == moved["article_id"]  # the redirect target is known too
    for i in (1, 2, 5, 6):
        row = f[f"{base}/news/{i}"]
        assert row["state"] == "stored" and row["status"] == 200 and row["fetched_at"].startswith("20")
        assert row["etag"] and row["article_id"]
    assert f[f"{base}/news/1"]["listed_title"] == wikinews()[0]["title"]
    # the time of the answer, not of the queueing: these came over ~3 s at 0.3 s apart
    assert len({f[f"{base}/news/{i}"]["fetched_at"] for i in (1, 2, 4, 5, 6)}) >= 2


def test_errors_and_skips_are_recorded_per_url_and_the_run_goes_on(crawl):
    base = crawl["site"].base
    f = {r["url"]: r for r in rows(crawl["db"], "SELECT * FROM fetches")}
    assert f[f"{base}/private/3"]["state"] == "disallowed"
    assert f[f"{base}/missing"]["state"] == "gone" and f[f"{base}/missing"]["status"] == 404
    assert f[f"{base}/broken"]["state"] == "failed" and f[f"{base}/broken"]["status"] == 500
    assert f[f"{base}/slow"]["state"] == "failed" and "timed out" in f[f"{base}/slow"]["reason"]
    assert f[f"{base}/video/7"]["state"] == "skipped" and f[f"{base}/video/7"]["reason"].startswith("video page")
    assert f[f"{base}/news/"]["state"] == "skipped" and f[f"{base}/news/"]["reason"].startswith("index page")
    errors = {r["source"]: r["problem"] for r in rows(crawl["db"], "SELECT * FROM ingest_errors")}
    assert errors[f"{base}/missing"] == "HTTP 404" and errors[f"{base}/broken"] == "HTTP 500"
    assert "robots.txt" in errors[f"{base}/private/3"]
    shown = run("errors", "--db", crawl["db"]).output
    assert "/broken" in shown and "HTTP 500" in shown
    listed = run("fetches", "--db", crawl["db"], "--state", "skipped").output
    assert "video page" in listed and "index page" in listed


def test_retries_a_500_with_backoff_then_gives_up_for_this_run(crawl):
    paths = [h.path for h in crawl["first_hits"]]
    assert paths.count("/broken") == 2  # --retries 1


def test_rate_limit_per_host_is_honoured(crawl):
    starts = sorted(h.at for h in crawl["first_hits"])
    gaps = [b - a for a, b in zip(starts, starts[1:])]
    assert len(gaps) >= 12
    # Measured where the site sees it. Arrival times carry connection set-up and thread
    # jitter (up to ~0.1 s on a loaded machine), which does not add up over the run: so the
    # span of n requests must be at least (n-1) delays, and no two may come close together.
    assert starts[-1] - starts[0] >= len(gaps) * DELAY - 0.15, gaps
    assert sorted(gaps)[len(gaps) // 2] >= 0.9 * DELAY, gaps
    assert min(gaps) >= 0.5 * DELAY, gaps
    assert crawl["site"].max_inflight <= 2  # --per-host default


def test_second_run_fetches_nothing_new(crawl):
    assert crawl["second"].exit_code == 0, crawl["second"].output
    hits = crawl["second_hits"]
    assert {h.path for h in hits if h.status == 304} >= {"/robots.txt", "/feed.rss", "/feed.atom", "/sitemap.xml",
                                                          "/sitemap-news.xml"}
    assert all("If-None-Match" in h.headers for h in hits if h.status == 304)
    # only the pages that failed are tried again; nothing stored, skipped or gone is requested
    assert {h.path for h in hits if h.status != 304} <= {"/slow", "/broken"}
    assert len(rows(crawl["db"], "SELECT id FROM articles")) == 5
    assert "stored 0" in crawl["second"].output


def test_runs_are_recorded(crawl):
    runs = rows(crawl["db"], "SELECT * FROM runs ORDER BY id")
    assert [r["status"] for r in runs] == ["done", "done"]
    assert runs[0]["stored"] == 5 and runs[1]["stored"] == 0
    assert '"collect"' in runs[0]["inputs"]


# --- URL lists, watch mode, interruption ---------------------------------------------


def test_url_list_from_stdin_normalises_tracking_parameters(tmp_path):
    db = tmp_path / "u.db"
    a = wikinews()
    with Site({"/robots.txt": Route(404), "/story": Route(body=article_html(a[8]))}) as site:
        lines = f"# from a search\n{site.url('/story?utm_source=x')}\n{site.url('/story?fbclid=1')}\n" \
                f"{site.url('/story#comments')}\nnot a url\n"
        result = run("collect", "--urls", "-", "--delay", 0, *FAST, "--db", db, input=lines)
        assert result.exit_code == 0, result.output
        assert site.paths().count("/story") == 1
    assert [r["url"] for r in rows(db, "SELECT url FROM articles")] == [site.url("/story")]
    assert "not an http(s) URL" in result.output


def test_watch_rereads_feeds_and_ingests_what_is_new(tmp_path, monkeypatch):
    db = tmp_path / "w.db"
    a = wikinews()
    with Site({"/robots.txt": Route(404), "/n/1": Route(body=article_html(a[9])),
               "/n/2": Route(body=article_html(a[10]))}) as site:
        site.routes["/feed.rss"] = Route(body=rss([(site.url("/n/1"), a[9]["title"], "")]))

        def between_cycles(seconds):  # the outlet publishes while we wait
            site.routes["/feed.rss"] = Route(body=rss([(site.url("/n/2"), a[10]["title"], ""),
                                                        (site.url("/n/1"), a[9]["title"], "")]))

        monkeypatch.setattr("allegedly.collect.watch._sleep", between_cycles)
        result = run("collect", "--feed", site.url("/feed.rss"), "--watch", 0.01, "--cycles", 2,
                     "--delay", 0, *FAST, "--db", db)
        assert result.exit_code == 0, result.output
        assert site.paths().count("/n/1") == 1 and site.paths().count("/n/2") == 1
    assert len(rows(db, "SELECT id FROM articles")) == 2
    assert len(rows(db, "SELECT id FROM runs")) == 2
    assert len(rows(db, "SELECT id FROM stories")) >= 1  # stories grow as articles arrive


def test_interrupted_run_loses_nothing_and_the_next_run_finishes(tmp_path, pipeline):
    from allegedly.collect.run import Callbacks, Collector, Sources
    from allegedly.store import connect

    a = wikinews()
    conn = connect(tmp_path / "i.db")
    with Site({"/robots.txt": Route(404)}) as site:
        for i in range(3):
            site.routes[f"/p/{i}"] = Route(body=article_html(a[i]))
        site.routes["/feed.rss"] = Route(body=rss([(site.url(f"/p/{i}"), a[i]["title"], "") for i in range(3)]))
        config = FetchConfig(delay=0, timeout=2, retries=0)

        def stop_after_first(summary):
            if summary.stored == 1:
                raise KeyboardInterrupt

        first = Collector(conn, pipeline, config, callbacks=Callbacks(done=stop_after_first)).run(
            Sources(feeds=[site.url("/feed.rss")]))
        assert first.interrupted and first.ingest.stored == 1
        states = {r["url"]: r["state"] for r in conn.execute("SELECT url, state FROM fetches WHERE kind='page'")}
        assert sorted(states.values()) == ["queued", "queued", "stored"]
        before = len(site.hits)
        second = Collector(conn, pipeline, config).run(Sources(feeds=[site.url("/feed.rss")]))
        assert second.ingest.stored == 2 and not second.interrupted
        again = [h.path for h in site.hits[before:] if h.path.startswith("/p/")]
    assert len(again) == 2  # the stored one is not fetched again; the feed's 304 does not hide the rest
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 3


# --- WARC ------------------------------------------------------------------------------


def _warc(path, a):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=True)
        w.write_record(w.create_warcinfo_record("news.warc.gz", {"software": "test"}))

        def response(url, body, status="200 OK", ctype="text/html; charset=utf-8", date="2026-11-30T08:00:00Z"):
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            rec = w.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers,
                                       warc_headers_dict={"WARC-Date": date})
            w.write_record(rec)

        req = StatusAndHeaders("GET /a HTTP/1.1", [("Host", "news.example")], is_http_request=True)
        w.write_record(w.create_warc_record("https://news.example/a", "request", http_headers=req))
        response("https://news.example/a?utm_source=cc", article_html(a[11], site="Example News").encode(),
                 date="2026-11-30T08:00:00Z")
        response("https://news.example/b", article_html(a[12], site="Example News").encode(),
                 date="2026-11-30T09:30:00Z")
        response("https://news.example/de/haushalt", article_html(GERMAN, site="Example News").encode())
        response("https://news.example/logo.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, ctype="image/png")
        response("https://news.example/", _index(a).encode())
        response("https://news.example/gone", b"<html><body>Not found</body></html>", status="404 Not Found")
        w.write_record(w.create_warc_record("https://news.example/a", "metadata", payload=io.BytesIO(b"x: y"),
                                            warc_content_type="application/warc-fields"))


GERMAN = {"title": "Bundestag beschließt Haushalt für das kommende Jahr", "published": "2026-11-28", "text": (
    "Der Bundestag hat am Freitag den Haushalt für das kommende Jahr beschlossen.\n"
    "Nach einer langen Debatte stimmte eine Mehrheit der Abgeordneten für den Entwurf der Regierung, "
    "wie die Bundestagsverwaltung am Abend mitteilte.\n"
    "Die Opposition kritisierte die geplanten Ausgaben für Verteidigung und Verkehr als zu hoch und "
    "warf dem Finanzminister vor, die Schuldenbremse zu umgehen.\n"
    "Der Minister wies die Vorwürfe zurück und sagte, alle Ausgaben seien durch Einnahmen gedeckt.\n"
    "Der Bundesrat soll im Dezember über das Gesetz beraten; Beobachter rechnen mit einer Zustimmung "
    "der Länderkammer, nachdem die Regierung den Ländern zusätzliche Mittel für Schulen zugesagt hatte.")}


def _index(a):
    from collect_site import index_html

    return index_html([(f"/story/{i}", x["title"]) for i, x in enumerate(a)])


def test_warc_records_are_ingested_with_their_urls_and_dates(tmp_path, monkeypatch):
    a = wikinews()
    path = tmp_path / "news.warc.gz"
    _warc(path, a)
    monkeypatch.setattr(Fetcher, "__enter__", lambda self: pytest.fail("a WARC run must not open the network"))
    db = tmp_path / "warc.db"
    result = run("collect", "--warc", path, "--db", db, "--lang", "en")
    assert result.exit_code == 0, result.output
    articles = {r["url"]: r for r in rows(db, "SELECT url, title, published, outlet FROM articles")}
    assert set(articles) == {"https://news.example/a", "https://news.example/b"}
    assert articles["https://news.example/a"]["published"] == a[11]["published"]
    assert articles["https://news.example/b"]["published"] == a[12]["published"]
    assert articles["https://news.example/b"]["title"] == a[12]["title"]
    f = {r["url"]: r for r in rows(db, "SELECT * FROM fetches")}
    assert f["https://news.example/a"]["fetched_at"] == "2026-11-30T08:00:00Z"
    assert f["https://news.example/b"]["fetched_at"] == "2026-11-30T09:30:00Z"
    assert f["https://news.example/a"]["via"] == str(path)
    assert f["https://news.example/logo.png"]["state"] == "skipped"
    assert f["https://news.example"]["state"] == "skipped"  # courlan drops the root's slash
    assert f["https://news.example"]["reason"].startswith("index page")
    assert f["https://news.example/gone"]["state"] == "gone"
    assert f["https://news.example/de/haushalt"]["reason"].startswith("written in de, not en")
    # by default every language is kept: the German page is stored as German, with no claims
    every = tmp_path / "every.db"
    assert run("collect", "--warc", path, "--db", every).exit_code == 0
    [german] = rows(every, "SELECT a.language, count(c.article_id) AS claims FROM articles a "
                                       "LEFT JOIN claims c ON c.article_id = a.id "
                                       "WHERE a.url = 'https://news.example/de/haushalt' GROUP BY a.id")
    assert (german["language"], german["claims"]) == ("de", 0)
    assert len(f) == 6  # request and metadata records are not pages
    again = run("collect", "--warc", path, "--db", db)
    assert "stored 0, already stored 2" in again.output


def test_a_broken_warc_file_is_an_error_not_a_crash(tmp_path):
    path = tmp_path / "bad.warc.gz"
    path.write_bytes(gzip.compress(b"this is not a WARC file\r\n\r\n"))
    result = run("collect", "--warc", path, "--db", tmp_path / "b.db")
    assert result.exit_code == 1
    assert "WARC" in result.output


# --- the parts ---------------------------------------------------------------------------


def test_normalise_drops_tracking_and_fragments_and_refuses_other_schemes():
    assert normalise("https://Example.com:443/a/b?utm_source=x&id=3&fbclid=y#frag") == "https://example.com/a/b?id=3"
    assert normalise("/news/1?utm_medium=rss", "http://127.0.0.1:8000/feed") == "http://127.0.0.1:8000/news/1"
    assert normalise("mailto:desk@example.com") is None
    assert normalise("javascript:void(0)") is None


def test_parse_feed_rss_and_atom():
    items = rss([("http://x.test/a?utm_source=rss", "A", "Mon, 06 Jun 2005 09:00:00 GMT"),
                 ("http://x.test/a", "A again", ""), ("http://x.test/b", "B", "")])
    links = parse_feed("http://x.test/feed", items.encode())
    assert [x.url for x in links] == ["http://x.test/a", "http://x.test/b"]
    assert links[0].title == "A" and links[0].date == "2005-06-06T09:00:00Z"
    links = parse_feed("http://x.test/atom", atom([("http://x.test/c", "C", "2009-01-02T03:04:05Z")]).encode())
    assert [(x.url, x.date) for x in links] == [("http://x.test/c", "2009-01-02T03:04:05Z")]
    with pytest.raises(InputError, match="not an RSS or Atom feed"):
        parse_feed("http://x.test/page", b"<html><body>hello</body></html>")


def test_feed_list_reads_text_and_opml(tmp_path):
    (tmp_path / "f.txt").write_text("# outlets\nhttp://a.test/rss\n\nhttp://b.test/atom  B\n")
    assert read_feed_list(str(tmp_path / "f.txt")) == ["http://a.test/rss", "http://b.test/atom"]
    (tmp_path / "f.opml").write_text('<opml version="2.0"><body><outline text="News">'
                                     '<outline type="rss" xmlUrl="http://a.test/rss"/></outline></body></opml>')
    assert read_feed_list(str(tmp_path / "f.opml")) == ["http://a.test/rss"]


def test_parse_sitemap_index_news_gzip_and_text():
    index = parse_sitemap("http://x.test/sitemap.xml", sitemap_index(["http://x.test/s1.xml.gz"]).encode())
    assert [(x.url, x.kind) for x in index] == [("http://x.test/s1.xml.gz", "sitemap")]
    news = news_sitemap([("http://x.test/a?utm_campaign=x", "Title A", "2007-12-20T09:00:00Z")]).encode()
    for body in (news, gzip.compress(news)):
        links = parse_sitemap("http://x.test/s1.xml.gz", body)
        assert [(x.url, x.title, x.date, x.kind) for x in links] == [
            ("http://x.test/a", "Title A", "2007-12-20T09:00:00Z", "page")]
    assert [x.url for x in parse_sitemap("s.txt", b"http://x.test/1\nhttp://x.test/2\n")] == [
        "http://x.test/1", "http://x.test/2"]
    robots = b"User-agent: *\nDisallow: /private/\nSitemap: https://x.test/news.xml\nsitemap: /more.xml\n"
    assert [(x.url, x.kind) for x in parse_sitemap("https://x.test/robots.txt", robots)] == [
        ("https://x.test/news.xml", "sitemap"), ("https://x.test/more.xml", "sitemap")]
    with pytest.raises(InputError, match="not a sitemap"):
        parse_sitemap("http://x.test/s", b"<html><body/></html>")


def _page(html: str, url: str = "http://x.test/2024/05/story", ctype: str = "text/html") -> Page:
    return Page(url=url, final_url=url, status=200, fetched_at="2026-01-01T00:00:00+00:00",
                body=html.encode(), content_type=ctype)


def test_pages_that_are_not_articles_are_skipped_with_a_reason():
    a = wikinews()
    article = to_article(_page(article_html(a[0])))
    assert not isinstance(article, Skip) and article.title == a[0]["title"]
    assert article.published == a[0]["published"] and article.outlet == "Test Herald"
    teaser = " ".join(a[1]["text"].split()[:70])
    stub = (f'<html><head><meta property="og:type" content="article"><script type="application/ld+json">'
            f'{{"@type": "NewsArticle", "isAccessibleForFree": false}}</script></head><body><article>'
            f'<h1>T</h1><p>{teaser}</p><p>Subscribe to continue reading.</p></article></body></html>')
    assert to_article(_page(stub)).reason.startswith("paywall stub")
    from collect_site import VIDEO_HTML, index_html

    assert to_article(_page(VIDEO_HTML)).reason.startswith("video page")
    assert to_article(_page(index_html([(f"/s/{i}", x["title"]) for i, x in enumerate(a)]),
                            url="http://x.test/world/")).reason.startswith("index page")
    assert to_article(_page("%PDF-1.4", ctype="application/pdf")).reason == "not an HTML page (application/pdf)"
    # a long article behind a paywall marker that still serves its text is kept
    full = article_html(a[3]).replace("</head>", '<script type="application/ld+json">'
                                      '{"@type": "NewsArticle", "isAccessibleForFree": "False"}</script></head>')
    assert not isinstance(to_article(_page(full)), Skip)
    assert not_an_article("http://x.test/a", read_signals("<html><body><p>x</p></body></html>"), 12) == \
        "too short for an article (12 words)"
    with pytest.raises(InputError, match="HTTP 404"):
        to_article(Page(url="u", final_url="u", status=404, fetched_at=""))
    german = _page(article_html(GERMAN))
    assert to_article(german, lang="en").reason.startswith("written in de")
    assert to_article(german, lang=None).title == GERMAN["title"]  # --lang any
    assert not isinstance(to_article(_page(article_html(a[0])), lang="en"), Skip)


def test_robots_rules_follow_rfc_9309():
    rules = rules_from(200, "User-agent: *\nDisallow: /private/\nCrawl-delay: 2\n")
    assert rules.refuses("http://x.test/private/a") and not rules.refuses("http://x.test/news/a")
    assert rules.crawl_delay() == 2.0
    assert not rules_from(404, None).refuses("http://x.test/private/a")  # no robots.txt: all allowed
    assert "could not be read" in rules_from(503, None).refuses("http://x.test/a")  # server trouble: none
    assert rules_from(None, None, "timed out").refuses("http://x.test/a")


def test_host_limiter_spaces_starts_and_caps_concurrency():
    async def scenario():
        limiter = HostLimiter(delay=0.05, per_host=2, concurrency=8)
        loop = asyncio.get_running_loop()
        starts, active, peak = [], 0, 0

        async def one(host):
            nonlocal active, peak
            async with limiter.slot(host):
                starts.append((host, loop.time()))
                active += 1
                peak = max(peak, active)
                await asyncio.sleep(0.12)
                active -= 1

        await asyncio.gather(*(one("a") for _ in range(6)), *(one("b") for _ in range(2)))
        return starts, peak

    starts, peak = asyncio.run(scenario())
    a = [t for h, t in starts if h == "a"]
    assert all(y - x >= 0.05 - 1e-3 for x, y in zip(a, a[1:]))
    b = [t for h, t in starts if h == "b"]
    assert b[0] - min(t for _, t in starts) < 0.05  # another host does not wait for host a
    assert peak <= 4  # 2 per host


def test_fetcher_retries_honours_retry_after_and_checks_robots_on_redirects():
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request.url.path)
        if request.url.path == "/robots.txt":
            return httpx.Response(200, text="User-agent: *\nDisallow: /private/\n")
        if request.url.path == "/flaky" and calls.count("/flaky") == 1:
            return httpx.Response(503, headers={"Retry-After": "0"})
        if request.url.path == "/jump":
            return httpx.Response(302, headers={"Location": "/private/x"})
        if request.url.path == "/big":
            return httpx.Response(200, content=b"x" * 5000)
        return httpx.Response(200, text="<html>ok</html>", headers={"ETag": '"v1"'})

    config = FetchConfig(delay=0, retries=2, backoff=0.01, max_bytes=1000, user_agent="allegedly-test/1")
    with Fetcher(config, transport=httpx.MockTransport(handler)) as fetcher:
        pages = {p.url: p for p in fetcher.fetch_many(
            [Request("http://x.test/flaky"), Request("http://x.test/jump"), Request("http://x.test/big")])}
        robots = fetcher.drain_robots()
    flaky = pages["http://x.test/flaky"]
    assert flaky.ok and flaky.attempts == 2 and flaky.etag == '"v1"'
    jump = pages["http://x.test/jump"]
    assert jump.disallowed and jump.final_url == "http://x.test/private/x" and "/private/x" not in calls
    assert "size limit" in pages["http://x.test/big"].error
    assert calls.count("/robots.txt") == 1 and robots[0].status == 200


def test_watch_loop_waits_between_cycles_and_stops_on_ctrl_c():
    clock = iter([0.0, 10.0, 60.0, 75.0, 120.0, 121.0]).__next__
    waits, ran = [], []

    def sleep(seconds):
        waits.append(seconds)
        if len(waits) == 2:
            raise KeyboardInterrupt

    n = watch(lambda i: ran.append(i) or True, 1.0, sleep=sleep, clock=clock)
    assert ran == [0, 1] and n == 2 and waits == [50.0, 45.0]
    assert watch(lambda i: True, 1.0, cycles=3, sleep=lambda s: None, clock=lambda: 0.0) == 3
    assert watch(lambda i: False, 1.0, sleep=lambda s: pytest.fail("no wait after a stop")) == 1


def test_collect_needs_a_source_and_importing_it_stays_offline(tmp_path):
    result = CliRunner().invoke(cli.main, ["collect", "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 2 and "give at least one source" in result.output
    # (httpx itself comes in with the web stack's imports; what collect adds stays out)
    code = ("import sys, allegedly.cli; "
            "print(sorted(m for m in ('feedparser', 'protego', 'warcio', 'allegedly.collect.fetch') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_ctrl_c_stops_a_real_run_and_the_next_run_fetches_only_the_rest(tmp_path):
    """SIGINT to a real `allegedly collect` process: exit 130, stored articles kept, the rest queued."""
    import os
    import signal
    import time

    db = tmp_path / "sig.db"
    a = wikinews()
    with Site({"/robots.txt": Route(404)}) as site:
        for i in range(8):
            site.routes[f"/p/{i}"] = Route(body=article_html(a[i]), sleep=0.3)
        site.routes["/feed.rss"] = Route(body=rss([(site.url(f"/p/{i}"), a[i]["title"], "") for i in range(8)]))
        args = ["collect", "--feed", site.url("/feed.rss"), "--delay", "0.5", "--db", str(db), "--batch-size", "1"]
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        # a shell that starts the suite in the background ignores SIGINT, and a child inherits that
        proc = subprocess.Popen([sys.executable, "-m", "allegedly", *args], stderr=subprocess.PIPE, text=True, env=env,
                                preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.2)
            try:
                if db.exists() and _count(db, "SELECT count(*) FROM articles") >= 1:
                    break
            except sqlite3.OperationalError:  # the store is still being created
                pass
        proc.send_signal(signal.SIGINT)
        err = proc.communicate(timeout=60)[1]
        assert proc.returncode == 130, err
        kept = _count(db, "SELECT count(*) FROM articles")
        assert 1 <= kept < 8
        assert _count(db, "SELECT count(*) FROM fetches WHERE kind = 'page' AND state = 'stored'") == kept
        assert rows(db, "SELECT status FROM runs") == [{"status": "interrupted"}]
        before = len(site.hits)
        assert run(*args).exit_code == 0
        again = [h.path for h in site.hits[before:] if h.path.startswith("/p/")]
    assert _count(db, "SELECT count(*) FROM articles") == 8
    assert len(again) == len(set(again)) <= 8 - kept  # nothing stored is fetched again


def _count(db, sql) -> int:
    with sqlite3.connect(db) as c:
        return c.execute(sql).fetchone()[0]


def test_since_leaves_out_older_listed_entries_but_not_undated_ones(tmp_path):
    from allegedly.collect.records import Listed
    from allegedly.collect.run import Collector
    from allegedly.store import connect

    conn = connect(tmp_path / "s.db")
    collector = Collector(conn, pipeline=None, since="2008-01-01")
    collector._queue([Listed("http://x.test/old", "feed", date="2007-12-31T23:00:00Z"),
                      Listed("http://x.test/new", "feed", date="2008-01-01T08:00:00Z"),
                      Listed("http://x.test/undated", "feed")])
    queued = {r[0] for r in conn.execute("SELECT url FROM fetches WHERE state = 'queued'")}
    assert queued == {"http://x.test/new", "http://x.test/undated"}
    assert collector.summary.listed_new == 2


def test_recheck_revalidates_stored_pages_and_stores_a_changed_one(tmp_path):
    db = tmp_path / "r.db"
    a = wikinews()
    with Site({"/robots.txt": Route(404), "/p/1": Route(body=article_html(a[0])),
               "/p/2": Route(body=article_html(a[1]))}) as site:
        args = ["collect", "--url", site.url("/p/1"), "--url", site.url("/p/2"), "--delay", 0, *FAST, "--db", db]
        assert run(*args).exit_code == 0
        first_id = rows(db, "SELECT article_id FROM fetches WHERE url = ?", site.url("/p/2"))[0]["article_id"]
        before = len(site.hits)
        assert run(*args).exit_code == 0
        assert not [h for h in site.hits[before:] if h.path.startswith("/p/")]  # plain rerun: not asked at all
        before = len(site.hits)
        assert run(*args, "--recheck").exit_code == 0
        assert sorted((h.path, h.status) for h in site.hits[before:] if h.path.startswith("/p/")) == [
            ("/p/1", 304), ("/p/2", 304)]
        changed = dict(a[1], text=a[1]["text"] + "\nThis story was updated with a correction.")
        site.routes["/p/2"] = Route(body=article_html(changed))
        result = run(*args, "--recheck")
        assert "stored 1" in result.output, result.output
    f = {r["url"]: r for r in rows(db, "SELECT * FROM fetches")}
    assert f[site.url("/p/1")]["state"] == "stored" and f[site.url("/p/2")]["state"] == "stored"
    assert len(rows(db, "SELECT id FROM articles")) == 3  # the first version of /p/2 is kept too
    new_id = f[site.url("/p/2")]["article_id"]
    assert new_id != first_id and {first_id, new_id} <= {r["id"] for r in rows(db, "SELECT id FROM articles")}


def test_a_front_page_given_as_feed_stands_for_the_feeds_it_announces(tmp_path):
    db = tmp_path / "front.db"
    a = wikinews()
    front = ('<!DOCTYPE html><html><head><title>Test Herald</title>'
             '<link rel="alternate" type="application/rss+xml" title="World" href="/world.rss">'
             '<link rel="stylesheet" href="/s.css"></head><body><h1>Test Herald</h1></body></html>')
    with Site({"/robots.txt": Route(404), "/": Route(body=front), "/p/1": Route(body=article_html(a[2]))}) as site:
        site.routes["/world.rss"] = Route(body=rss([(site.url("/p/1"), a[2]["title"], "")]))
        result = run("collect", "--feed", site.url("/"), "--delay", 0, *FAST, "--db", db)
        assert result.exit_code == 0, result.output
        assert [r["url"] for r in rows(db, "SELECT url FROM articles")] == [site.url("/p/1")]
        before = len(site.hits)
        assert run("collect", "--feed", site.url("/"), "--delay", 0, *FAST, "--db", db).exit_code == 0
        # the front page did not change, but its feed is still asked (conditionally)
        assert sorted((h.path, h.status) for h in site.hits[before:]) == [
            ("/", 304), ("/robots.txt", 404), ("/world.rss", 304)]
    assert parse_feed("http://x.test/", front.encode())[0].kind == "feed"
