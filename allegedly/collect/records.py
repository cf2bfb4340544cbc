"""Records of the collect stage: listed links, fetch requests and what came back."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Listed:
    """A URL a feed, sitemap or list names, with what that source says about it."""

    url: str  # normalised
    via: str  # the feed, sitemap or list that named it
    title: str | None = None
    date: str | None = None  # ISO date or date-time, when the source gives one
    kind: str = "page"  # page | sitemap (a sitemap index names further sitemaps)


@dataclass(frozen=True, slots=True)
class Request:
    url: str  # normalised; the URL requested
    kind: str = "page"  # page | feed | sitemap | robots
    etag: str | None = None  # validators from the last fetch, for a conditional GET
    last_modified: str | None = None


@dataclass(frozen=True, slots=True)
class Page:
    """One answer: fetched over HTTP or read from a WARC record."""

    url: str  # the key: normalised request URL (or WARC-Target-URI)
    final_url: str  # after redirects
    status: int | None  # None when no HTTP answer came (timeout, refused, robots.txt)
    fetched_at: str  # ISO UTC
    kind: str = "page"
    body: bytes = b""
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    error: str | None = None  # transport error, robots.txt refusal, over the size limit
    disallowed: bool = False
    attempts: int = 1

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def ok(self) -> bool:
        return self.error is None and self.status is not None and 200 <= self.status < 300
