"""HTML pages: the article body via trafilatura, title/date/url from the page's metadata.

Navigation, footers, cookie banners and comment sections are left to
trafilatura's boilerplate removal; what it cannot find an article in is an
input error, not an empty record.
"""
from __future__ import annotations

import logging
import re

from allegedly.errors import EmptyInput, InputError
from allegedly.records import RawArticle

_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta|title|article|div|p)\b", re.I | re.S)
_MIN_BODY_CHARS = 40

# trafilatura and htmldate log every page they find little in; the error we yield says it once.
for _name in ("trafilatura", "htmldate", "courlan"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)


def looks_like_html(head: bytes) -> bool:
    head = head[:2048].lstrip(b"\xef\xbb\xbf")
    return bool(_HTML_START.match(head)) or b"<html" in head.lower()


def parse_html(source: str, html: str, **meta) -> RawArticle:
    """Extract one article; ``meta`` (url, title, published, outlet) wins over the page's own."""
    import trafilatura

    if not html.strip():
        raise EmptyInput(source, "empty HTML")
    try:
        doc = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_tables=False, favor_precision=True
        )
    except Exception as exc:  # trafilatura raises assorted lxml/parser errors on broken markup
        raise InputError(source, f"broken HTML: {type(exc).__name__}: {exc}") from None
    text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if len(text) < _MIN_BODY_CHARS:
        raise EmptyInput(source, "HTML with no extractable article text (broken markup, or a page that is not an article)")
    title = meta.pop("title", None) or (getattr(doc, "title", None) or "").strip()
    url = meta.pop("url", None) or getattr(doc, "url", None) or None
    published = meta.pop("published", None) or getattr(doc, "date", None) or _find_date(html)
    outlet = meta.pop("outlet", None) or getattr(doc, "sitename", None) or None
    text = _drop_title_line(text, title)
    return RawArticle(
        source=source, text=text, title=title, url=url, published=published, outlet=outlet, fmt="html", **meta
    )


def _drop_title_line(text: str, title: str) -> str:
    # trafilatura keeps the page's <h1> as the body's first line; the title is not part of the body
    first, _, rest = text.partition("\n")
    if title and rest.strip() and " ".join(first.split()) == " ".join(title.split()):
        return rest.strip()
    return text


def _find_date(html: str) -> str | None:
    try:
        from htmldate import find_date

        return find_date(html, original_date=True, extensive_search=False)
    except Exception:  # a date is optional: the dateline may still give one
        return None
