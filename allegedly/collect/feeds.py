"""RSS and Atom feeds (feedparser) → the article links they list; feed lists (text or OPML).

A --feed URL that answers with an HTML page (an outlet's front page) stands for the
feeds the page announces in its <link rel="alternate"> tags.
"""
from __future__ import annotations

import time
from pathlib import Path

from lxml import etree

from allegedly.collect.records import Listed
from allegedly.collect.urls import normalise
from allegedly.errors import InputError


def parse_feed(via: str, body: bytes, base: str | None = None) -> list[Listed]:
    """The entries of an RSS/Atom feed as links; a body that is no feed is an InputError."""
    import feedparser

    parsed = feedparser.parse(body, response_headers={"content-location": base or via})
    if not parsed.entries and (parsed.bozo or not parsed.version):
        found = linked_feeds(via, body, base)
        if found:
            return found
        why = getattr(parsed, "bozo_exception", None)
        raise InputError(via, f"not an RSS or Atom feed, and no page linking one{f' ({why})' if why else ''}")
    links, seen = [], set()
    for entry in parsed.entries:
        url = normalise(_entry_link(entry) or "", base or via)
        if url is None or url in seen:
            continue
        seen.add(url)
        links.append(Listed(url=url, via=via, title=(entry.get("title") or "").strip() or None,
                            date=_entry_date(entry)))
    return links


_FEED_TYPES = {"application/rss+xml", "application/atom+xml", "application/feed+xml", "application/rdf+xml"}


def linked_feeds(via: str, body: bytes, base: str | None = None) -> list[Listed]:
    """Feeds an HTML page announces with <link rel="alternate" type="application/rss+xml">."""
    from lxml import html as lxml_html

    if b"<" not in body[:4096]:
        return []
    try:
        root = lxml_html.fromstring(body)
    except Exception:  # not HTML either: the caller reports the page as no feed
        return []
    urls = [normalise(link.get("href", ""), base or via)
            for link in root.iter("link")
            if "alternate" in (link.get("rel") or "").lower().split()
            and (link.get("type") or "").lower().split(";")[0].strip() in _FEED_TYPES]
    return [Listed(url=u, via=via, kind="feed") for u in dict.fromkeys(u for u in urls if u)]


def _entry_link(entry) -> str | None:
    # feedburner and some CMSs put the real article in feedburner_origlink or an alternate link
    for key in ("feedburner_origlink", "link"):
        if dict.get(entry, key):
            return dict.get(entry, key)
    for link in entry.get("links", []):
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return link["href"]
    return entry.get("id") if str(entry.get("id", "")).startswith("http") else None


def _entry_date(entry) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = dict.get(entry, key)  # plain dict access: feedparser's aliasing warns on every entry
        if value:
            return time.strftime("%Y-%m-%dT%H:%M:%SZ", value)
    return None


def read_feed_list(path: str) -> list[str]:
    """Feed URLs from a file: one a line (# comments allowed), or an OPML export of a feed reader."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot read the feed list: {exc.strerror or exc}") from None
    if data.lstrip().startswith(b"<"):
        try:
            root = etree.fromstring(data, parser=etree.XMLParser(resolve_entities=False, no_network=True))
        except etree.XMLSyntaxError as exc:
            raise InputError(path, f"not valid OPML: {exc}") from None
        return [o.get("xmlUrl") for o in root.iter("outline") if o.get("xmlUrl")]
    return read_url_lines(path, data)


def read_url_lines(source: str, data: bytes) -> list[str]:
    """Non-blank, non-comment lines of a URL list (the first whitespace-separated field of each)."""
    text = data.decode("utf-8", "replace")
    return [line.split()[0] for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
