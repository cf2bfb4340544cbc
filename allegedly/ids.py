"""Stable article ids: a hash of the normalised title and body."""
from __future__ import annotations

import hashlib
import unicodedata


def _normalise(s: str) -> str:
    return " ".join(unicodedata.normalize("NFC", s).split())


def article_id(title: str, text: str) -> str:
    """16 hex chars of SHA-256 over title and body with white space folded.

    Outlet, URL and dates are left out on purpose: the same article seen
    through two feeds is one article.
    """
    h = hashlib.sha256()
    h.update(_normalise(title).encode("utf-8"))
    h.update(b"\x00")
    h.update(_normalise(text).encode("utf-8"))
    return h.hexdigest()[:16]
