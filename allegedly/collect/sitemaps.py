"""XML sitemaps, sitemap indexes, Google News sitemaps and plain-text sitemaps, with lxml.

A site's ``/robots.txt`` given as a sitemap stands for the sitemaps its ``Sitemap:`` lines name.

Parsing only: the collect run fetches each sitemap itself (politely, conditionally)
and follows an index's children to a bounded depth. ultimate-sitemap-parser would
fetch on its own and needs python-dateutil < 3, older than the one installed.
"""
from __future__ import annotations

import gzip
import zlib
from urllib.parse import urlsplit

from lxml import etree

from allegedly.collect.records import Listed
from allegedly.collect.urls import normalise
from allegedly.errors import InputError

MAX_UNZIPPED = 100 * 1024 * 1024  # the sitemaps protocol caps a file at 50 MB uncompressed


def parse_sitemap(via: str, body: bytes) -> list[Listed]:
    """Pages (kind 'page') and child sitemaps (kind 'sitemap') a sitemap lists."""
    body = _gunzip(via, body)
    if urlsplit(via).path == "/robots.txt":
        return _robots_sitemaps(via, body)
    head = body.lstrip()[:200].lower()
    if head.startswith(b"http://") or head.startswith(b"https://"):
        return _text_sitemap(via, body)
    try:
        root = etree.fromstring(body, parser=etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True))
    except etree.XMLSyntaxError as exc:
        raise InputError(via, f"not a sitemap (XML error: {exc})") from None
    kind = etree.QName(root).localname
    if kind == "sitemapindex":
        return [Listed(url=u, via=via, date=_text(e, "lastmod"), kind="sitemap")
                for e in _children(root, "sitemap") if (u := normalise(_text(e, "loc") or "", via))]
    if kind != "urlset":
        raise InputError(via, f"not a sitemap (root element <{kind}>, expected <urlset> or <sitemapindex>)")
    out = []
    for e in _children(root, "url"):
        url = normalise(_text(e, "loc") or "", via)
        if url:
            news = _first(e, "news")
            title = _text(news, "title") if news is not None else None
            date = (_text(news, "publication_date") if news is not None else None) or _text(e, "lastmod")
            out.append(Listed(url=url, via=via, title=title, date=date))
    return out


def _gunzip(via: str, body: bytes) -> bytes:
    if not body.startswith(b"\x1f\x8b"):
        return body
    try:
        out = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(body, MAX_UNZIPPED)
    except (zlib.error, gzip.BadGzipFile) as exc:
        raise InputError(via, f"broken gzip: {exc}") from None
    return out


def _robots_sitemaps(via: str, body: bytes) -> list[Listed]:
    """A site's robots.txt given as a sitemap: the sitemaps its ``Sitemap:`` lines name."""
    found = []
    for line in body.decode("utf-8", "replace").splitlines():
        key, _, value = line.partition(":")
        if key.strip().lower() == "sitemap" and (url := normalise(value.strip(), via)):
            found.append(Listed(url=url, via=via, kind="sitemap"))
    if not found:
        raise InputError(via, "robots.txt names no sitemap (no Sitemap: line)")
    return found


def _text_sitemap(via: str, body: bytes) -> list[Listed]:
    lines = body.decode("utf-8", "replace").split()
    return [Listed(url=u, via=via) for line in lines if (u := normalise(line))]


def _children(el, name: str):
    return (c for c in el if isinstance(c.tag, str) and etree.QName(c).localname == name)


def _first(el, name: str):
    return next(_children(el, name), None)


def _text(el, name: str) -> str | None:
    child = _first(el, name)
    value = (child.text or "").strip() if child is not None else ""
    return value or None
