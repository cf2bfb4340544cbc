"""Stable article ids: a hash of where the article was published, its title and body."""
from __future__ import annotations

import hashlib
import unicodedata
from urllib.parse import urlsplit


def _normalise(s: str) -> str:
    return " ".join(unicodedata.normalize("NFC", s).split())


def normalise_url(url: str) -> str:
    """The same page however it was linked: no scheme, no ``www.``, no fragment, no trailing slash."""
    parts = urlsplit(url.strip())
    host = parts.netloc.lower().removeprefix("www.")
    path = parts.path.rstrip("/")
    return f"{host}{path}" + (f"?{parts.query}" if parts.query else "")


def article_id(title: str, text: str, url: str | None = None, outlet: str | None = None) -> str:
    """16 hex chars of SHA-256 over the place of publication, title and body (white space folded).

    The same text at two URLs or from two outlets is two articles (a syndication, which the
    stories stage links as a copy); the same URL read twice is one, so re-ingesting is
    idempotent. Without a URL the outlet stands for the place; with neither, the id is the
    hash of title and body alone (as before URLs counted).
    """
    h = hashlib.sha256()
    h.update(_normalise(title).encode("utf-8"))
    h.update(b"\x00")
    h.update(_normalise(text).encode("utf-8"))
    place = normalise_url(url) if url and url.strip() else _normalise(outlet or "").lower()
    if place:
        h.update(b"\x00")
        h.update(place.encode("utf-8"))
    return h.hexdigest()[:16]
