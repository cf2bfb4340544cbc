"""A small news site on 127.0.0.1 for the collect tests and bench: feeds, sitemaps, articles.

The article pages wrap the bundled Wikinews articles (examples/articles/wikinews.jsonl,
CC BY 2.5, see examples/articles/ATTRIBUTION.md) in ordinary news-site HTML. The
server binds 127.0.0.1 only, logs every request with its arrival time, answers
conditional GETs, and stops when the ``with`` block ends.
"""
from __future__ import annotations

import hashlib
import html
import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WIKINEWS = ROOT / "examples" / "articles" / "wikinews.jsonl"


def wikinews() -> list[dict]:
    return [json.loads(line) for line in WIKINEWS.read_text("utf-8").splitlines() if line.strip()]


def article_html(article: dict, *, site: str = "Test Herald") -> str:
    paras = "\n".join(f"<p>{html.escape(line)}</p>" for line in article["text"].splitlines() if line.strip())
    title = html.escape(article["title"])
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | {site}</title>
<meta property="og:type" content="article"><meta property="og:title" content="{title}">
<meta property="og:site_name" content="{site}">
<meta property="article:published_time" content="{article['published']}T09:00:00Z">
</head><body>
<header><nav><a href="/">Home</a> <a href="/news/">News</a> <a href="/video/">Video</a></nav></header>
<main><article><h1>{title}</h1>
{paras}
<p class="credit">Adapted from Wikinews, CC BY 2.5.</p>
</article></main>
<footer><a href="/about">About us</a> · <a href="/contact">Contact</a></footer>
</body></html>"""


def index_html(links: list[tuple[str, str]]) -> str:
    items = "\n".join(f'<li><a href="{u}">{html.escape(t)}</a> <span>Short teaser line.</span></li>'
                      for u, t in links)
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>News | Test Herald</title>
<meta property="og:type" content="website"></head><body><nav><a href="/">Home</a></nav>
<h1>Latest news</h1><ul>{items}</ul></body></html>"""


VIDEO_HTML = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Watch: markets today</title>
<meta property="og:type" content="video.other"></head><body><h1>Watch: markets today</h1>
<video src="/media/markets.mp4" controls></video>
<p>Our markets editor explains what moved shares today, in two minutes.</p></body></html>"""


def rss(items: list[tuple[str, str, str]]) -> str:
    body = "\n".join(f"<item><title>{html.escape(t)}</title><link>{html.escape(u)}</link>"
                     f"<pubDate>{d}</pubDate></item>" for u, t, d in items)
    return f"""<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>
<title>Test Herald</title><link>http://127.0.0.1/</link><description>News</description>
{body}</channel></rss>"""


def atom(items: list[tuple[str, str, str]]) -> str:
    body = "\n".join(f'<entry><title>{html.escape(t)}</title><link rel="alternate" href="{html.escape(u)}"/>'
                     f"<id>{html.escape(u)}</id><updated>{d}</updated></entry>" for u, t, d in items)
    return f"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<title>Test Herald</title><id>urn:test-herald</id><updated>2010-01-01T00:00:00Z</updated>{body}</feed>"""


def news_sitemap(items: list[tuple[str, str, str]]) -> str:
    body = "\n".join(
        f"<url><loc>{html.escape(u)}</loc><news:news><news:publication><news:name>Test Herald</news:name>"
        f"<news:language>en</news:language></news:publication><news:publication_date>{d}</news:publication_date>"
        f"<news:title>{html.escape(t)}</news:title></news:news></url>" for u, t, d in items)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{body}</urlset>"""


def sitemap_index(locs: list[str]) -> str:
    body = "".join(f"<sitemap><loc>{html.escape(u)}</loc></sitemap>" for u in locs)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}</sitemapindex>"""


@dataclass
class Route:
    status: int = 200
    body: str | bytes = b""
    content_type: str = "text/html; charset=utf-8"
    location: str | None = None
    sleep: float = 0.0  # before answering (bounded: the tests keep it to a few seconds)


@dataclass
class Hit:
    path: str
    at: float  # time.monotonic() on arrival
    status: int
    headers: dict


class Site:
    """Routes by path (query included); unknown paths are 404. Use as a context manager."""

    def __init__(self, routes: dict[str, Route] | None = None):
        self.routes: dict[str, Route] = dict(routes or {})
        self.hits: list[Hit] = []
        self.inflight = 0
        self.max_inflight = 0
        self._lock = threading.Lock()
        self.server: ThreadingHTTPServer | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def __enter__(self) -> "Site":
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):  # noqa: N802 - the http.server name
                site._answer(self)

            def log_message(self, *args):  # keep the test output clean
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _answer(self, handler: BaseHTTPRequestHandler) -> None:
        arrived = time.monotonic()
        with self._lock:
            self.inflight += 1
            self.max_inflight = max(self.max_inflight, self.inflight)
        try:
            route = self.routes.get(handler.path) or Route(404, "<html><body><h1>Not found</h1></body></html>")
            if route.sleep:
                time.sleep(route.sleep)
            body = route.body.encode("utf-8") if isinstance(route.body, str) else route.body
            etag = '"' + hashlib.md5(body).hexdigest()[:16] + '"'
            status = route.status
            if status == 200 and handler.headers.get("If-None-Match") == etag:
                status, body = 304, b""
            self.hits.append(Hit(handler.path, arrived, status, dict(handler.headers)))
            try:
                handler.send_response(status)
                if route.location:
                    handler.send_header("Location", route.location)
                if route.status == 200:
                    handler.send_header("ETag", etag)
                    handler.send_header("Last-Modified", "Mon, 01 Jun 2009 10:00:00 GMT")
                handler.send_header("Content-Type", route.content_type)
                handler.send_header("Content-Length", str(len(body)))
                handler.end_headers()
                handler.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout): fine
                pass
        finally:
            with self._lock:
                self.inflight -= 1

    def paths(self, since: int = 0, status: int | None = None) -> list[str]:
        return [h.path for h in self.hits[since:] if status is None or h.status == status]


def news_site(articles: list[dict]) -> Site:
    """The acceptance site: two feeds, a sitemap index with a news sitemap, and pages of every kind."""
    a = articles
    site = Site()
    r = site.routes
    r["/robots.txt"] = Route(body="User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    for i in range(1, 7):
        r[f"/news/{i}"] = Route(body=article_html(a[i - 1]))
    r["/private/3"] = Route(body=article_html(a[2]))
    del r["/news/3"]
    r["/old/4"] = Route(301, location="/news/4")
    r["/slow"] = Route(body=article_html(a[7]), sleep=2.5)
    r["/broken"] = Route(500, "<html><body>Internal error</body></html>")
    r["/video/7"] = Route(body=VIDEO_HTML)
    r["/news/"] = Route(body=index_html([(f"/news/{i}", a[i - 1]["title"]) for i in range(1, 7)]))
    site.feed_items = [  # type: ignore[attr-defined]
        ("/news/1?utm_source=rss&utm_medium=feed", a[0]["title"], "Mon, 06 Jun 2005 09:00:00 GMT"),
        ("/news/2", a[1]["title"], "Sat, 17 Jul 2010 09:00:00 GMT"),
        ("/private/3", a[2]["title"], "Tue, 28 Mar 2006 09:00:00 GMT"),
        ("/old/4", a[3]["title"], "Sat, 01 Mar 2008 09:00:00 GMT"),
        ("/slow", "A slow page", "Fri, 03 Apr 2009 09:00:00 GMT"),
        ("/broken", "A broken page", "Fri, 03 Apr 2009 09:00:00 GMT"),
        ("/missing", "A missing page", "Fri, 03 Apr 2009 09:00:00 GMT"),
        ("/video/7", "Watch: markets today", "Fri, 03 Apr 2009 09:00:00 GMT"),
        ("/news/", "All the news", "Fri, 03 Apr 2009 09:00:00 GMT"),
    ]
    return site


def publish(site: Site) -> None:
    """(Re)build the feeds and sitemaps from the site's items (absolute URLs need the port)."""
    base = site.base
    items = [(base + u, t, d) for u, t, d in site.feed_items]  # type: ignore[attr-defined]
    site.routes["/feed.rss"] = Route(body=rss(items), content_type="application/rss+xml")
    a = wikinews()
    site.routes["/feed.atom"] = Route(body=atom([
        (base + "/news/1?fbclid=IwAR0abc", a[0]["title"], "2005-06-06T09:00:00Z"),
        (base + "/news/5", a[4]["title"], "2004-11-24T09:00:00Z")]), content_type="application/atom+xml")
    site.routes["/sitemap.xml"] = Route(body=sitemap_index([base + "/sitemap-news.xml"]),
                                        content_type="application/xml")
    site.routes["/sitemap-news.xml"] = Route(body=news_sitemap([
        (base + "/news/6", a[5]["title"], "2007-12-20T09:00:00Z"),
        (base + "/news/2?utm_campaign=sitemap", a[1]["title"], "2010-07-17T09:00:00Z")]),
        content_type="application/xml")
