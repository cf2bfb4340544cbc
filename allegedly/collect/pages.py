"""A fetched or archived page → a RawArticle for the pipeline, or a Skip saying why it is none.

The body goes through the same HTML reader as `allegedly ingest` (trafilatura,
htmldate). Before and after it, cheap signals in the markup and the URL tell an
article from an index page, a video page or a paywall stub. These are
heuristics; the reason is stored, so a wrong skip can be seen and reported.
"""
from __future__ import annotations

import codecs
import json
import re
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

from allegedly.collect.records import Page
from allegedly.collect.urls import normalise
from allegedly.errors import EmptyInput, InputError
from allegedly.ingest import guard
from allegedly.ingest.html import looks_like_html, parse_html
from allegedly.records import RawArticle

MIN_WORDS = 60  # shorter bodies are briefs at best; most are teasers or boilerplate
STUB_WORDS = 250  # a page marked as paywalled with fewer words shows only the teaser
VIDEO_WORDS = 200  # a video page with fewer words is the player and a caption
ARTICLE_TYPES = {"article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "blogposting",
                 "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "liveblogposting"}
_PAYWALL_WORDS = re.compile(
    r"subscribe to (continue|read)|subscribers only|for subscribers|already a subscriber|"
    r"to continue reading|this (article|content) is (only )?(available|reserved) (to|for) subscribers|"
    r"sign in to read|create a free account to (continue|read)", re.I)


@dataclass(frozen=True, slots=True)
class Skip:
    """A page that is fine but not an article."""

    url: str
    reason: str


@dataclass(frozen=True, slots=True)
class Signals:
    og_type: str | None
    ld_types: frozenset[str]
    free: bool | None  # schema.org isAccessibleForFree
    paywall_words: bool
    links: int
    videos: int


def to_article(page: Page, *, listed_title: str | None = None, listed_date: str | None = None,
               lang: str | None = None) -> RawArticle | Skip:
    """The page's article; raises InputError for a failed fetch or an unreadable body.

    ``lang`` (an ISO 639-1 code) skips articles written in another language: a Common Crawl
    News file holds dozens of languages, and only English articles get claims and events."""
    if page.error:
        raise InputError(page.url, page.error)
    if page.status is not None and not 200 <= page.status < 300:
        raise InputError(page.url, f"HTTP {page.status}")
    mime = (page.content_type or "").split(";")[0].strip().lower()
    if mime and "html" not in mime and not (mime in ("text/plain", "application/octet-stream")
                                            and looks_like_html(page.body[:2048])):
        return Skip(page.url, f"not an HTML page ({mime})")
    html = decode(page.url, page.body, page.content_type)
    signals = read_signals(html)
    url = normalise(page.final_url or "") or page.url
    try:
        raw = parse_html(page.url, html, url=url)
    except EmptyInput:
        return Skip(page.url, _empty_reason(url, signals))
    reason = not_an_article(url, signals, len(raw.text.split())) or _other_language(raw.text, lang)
    if reason:
        return Skip(page.url, reason)
    if not raw.title and listed_title:
        raw = replace(raw, title=listed_title)
    if not raw.published and listed_date:
        raw = replace(raw, published=listed_date)
    if not raw.outlet:
        raw = replace(raw, outlet=_site(url))
    return raw


def decode(source: str, body: bytes, content_type: str | None) -> str:
    """The page as text: the charset the server or the page declares, else UTF-8."""
    guard.check_text(source, body)
    m = re.search(r"charset=([\w-]+)", content_type or "", re.I)
    charset = (m.group(1) if m else None) or guard.declared_charset(body) or "utf-8"
    try:
        codecs.lookup(charset)
    except LookupError:
        charset = "utf-8"
    return body.decode(charset, errors="replace").lstrip("\ufeff")


def read_signals(html: str) -> Signals:
    from lxml import html as lxml_html

    try:
        root = lxml_html.fromstring(html)
    except Exception:  # unparsable markup gives no signals; extraction will judge the page
        return Signals(None, frozenset(), None, False, 0, 0)
    og = root.xpath("string(//meta[@property='og:type']/@content)").strip().lower() or None
    types, free = set(), None
    for script in root.xpath("//script[@type='application/ld+json']/text()"):
        for obj in _ld_objects(script):
            t = obj.get("@type")
            types.update(x.lower() for x in (t if isinstance(t, list) else [t]) if isinstance(x, str))
            if "isAccessibleForFree" in obj:
                free = str(obj["isAccessibleForFree"]).strip().lower() not in ("false", "0", "no")
    text = " ".join(root.xpath("//body//text()[not(ancestor::script) and not(ancestor::style)]"))
    return Signals(og, frozenset(types), free, bool(_PAYWALL_WORDS.search(text)),
                   len(root.xpath("//a[@href]")), len(root.xpath("//video | //iframe[contains(@src, 'player')]")))


def not_an_article(url: str, s: Signals, words: int) -> str | None:
    """Why the page is not an article, or None. Pure: markup signals, URL and word count."""
    marked_article = s.og_type == "article" or bool(s.ld_types & ARTICLE_TYPES)
    if (s.og_type or "").startswith("video") or ("videoobject" in s.ld_types and not marked_article):
        if words < VIDEO_WORDS:
            return f"video page (og:type {s.og_type or 'VideoObject'}, {words} words)"
    if (s.free is False or s.paywall_words) and words < STUB_WORDS:
        return f"paywall stub ({'isAccessibleForFree false' if s.free is False else 'subscribe prompt'}, {words} words)"
    if _looks_like_index(url, s) and (s.links >= 20 or words < 2 * MIN_WORDS):
        return f"index page ({s.links} links, {words} words, og:type {s.og_type or 'none'})"
    if words < MIN_WORDS:
        return f"too short for an article ({words} words)"
    return None


def _other_language(text: str, lang: str | None) -> str | None:
    if not lang:
        return None
    from allegedly.language import detect

    found = detect(text).code  # the pipeline's own detector, so both agree on what is English
    return None if found == lang else f"written in {found}, not {lang} (language identified by py3langid)"


def _empty_reason(url: str, s: Signals) -> str:
    if (s.og_type or "").startswith("video") or s.videos:
        return "video page (no article text)"
    if s.free is False or s.paywall_words:
        return "paywall stub (no article text)"
    if _looks_like_index(url, s):
        return f"index page ({s.links} links, no article text, og:type {s.og_type or 'none'})"
    return f"no article text on the page ({s.links} links)"


def _looks_like_index(url: str, s: Signals) -> bool:
    from courlan import is_navigation_page

    marked_article = s.og_type == "article" or bool(s.ld_types & ARTICLE_TYPES)
    path = urlsplit(url).path
    section = path == "" or path.endswith("/") and path.count("/") <= 2  # "/", "/news/", "/world/"
    return not marked_article and (is_navigation_page(url) or section or s.og_type == "website")


def _ld_objects(script: str):
    try:
        data = json.loads(script)
    except ValueError:
        return
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            yield item
            if isinstance(item.get("@graph"), list):
                stack.extend(item["@graph"])


def _site(url: str) -> str | None:
    netloc = urlsplit(url).hostname or ""
    return netloc.removeprefix("www.") or None
