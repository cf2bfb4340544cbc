"""URL normalisation: the same article under tracking parameters is one URL.

courlan drops tracking parameters (utm_*, fbclid …), the fragment and default
ports, and lower-cases the host; the scheme and the path stay as the site wrote them.
"""
from __future__ import annotations

from urllib.parse import urljoin, urlsplit


def normalise(url: str, base: str | None = None) -> str | None:
    """The key a URL is stored under, or None when it is not an http(s) URL."""
    from courlan import clean_url, normalize_url

    url = (url or "").strip()
    if base:
        url = urljoin(base, url)
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    cleaned = clean_url(url) or url
    try:
        return normalize_url(cleaned, strict=True)
    except Exception:  # courlan refuses some odd URLs; the cleaned form is still a usable key
        return cleaned.split("#", 1)[0]


def host(url: str) -> str:
    """The host:port a rate limit and robots.txt apply to."""
    return urlsplit(url).netloc.lower()


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.lower()}"
