"""JSON endpoints: the query layer's answers as they are (the same data the pages show).

Lists answer a page: ``{"ok": true, "total", "limit", "offset", "next", "rows"}``; every
list takes ``limit`` and ``offset``, every ``article_id`` an id prefix or file name, and
``since``/``until`` bound the publication date (events: ``date_by=event`` for their own).
"""
from __future__ import annotations

import sqlite3
from typing import Any, Callable, Literal

from fastapi import APIRouter, Depends, Path, Query, Request

from allegedly.errors import StoreError
from allegedly.records import ArticleRecord
from allegedly.store import claims as claim_store
from allegedly.store import geo, queries, sources
from allegedly.store.lists import (MAX_CONTAINS, MAX_LIMIT, MAX_OFFSET, count_claims, count_events, count_quotes,
                                   facets, list_claims, list_events, list_quotes, page_args)
from allegedly.stories import queries as story_queries
from allegedly.web.app import bad_request, not_found, store
from allegedly.web.models import (ArticleRow, ClaimDetail, ClaimRow, EventClusterDetail, EventClusterRow, EventRow,
                                  FeatureCollection, Network, Page,
                                  QuoteRow, SearchHit, SourceDetail, SourceRow, Stats, StoryDetail, StoryRow,
                                  Timeline)

router = APIRouter(tags=["api"])
DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
Limit = Query(50, ge=1, le=MAX_LIMIT)
Offset = Query(0, ge=0, le=MAX_OFFSET)
Since = Query(None, pattern=DATE, description="published on or after YYYY[-MM[-DD]]")
Until = Query(None, pattern=DATE, description="published on or before YYYY[-MM[-DD]]")
ArticleId = Query(None, max_length=1000, description="an article id, id prefix or file name")
Contains = Query(None, max_length=MAX_CONTAINS, description="text contains (case-insensitive)")
Source = Query(None, max_length=1000, description="only what rests on this source anywhere in its chain")
Conn = Depends(store)


def paged(request: Request, limit: int, offset: int, rows: Callable[[], list], total: Callable[[], int]) -> dict:
    """A page of a list with its total and the URL of the next page; store errors are 400s."""
    try:
        page_args(limit, offset)
        found, count = rows(), total()
    except StoreError as exc:
        raise bad_request(exc) from exc
    more = offset + limit < count
    url = request.url.include_query_params(offset=offset + limit) if more else None
    return {"ok": True, "total": count, "limit": limit, "offset": offset, "rows": found,
            "next": f"{url.path}?{url.query}" if url else None}


@router.get("")
def index() -> dict[str, Any]:
    """What the API offers."""
    return {"ok": True, "endpoints": [
        "/api/stats", "/api/articles", "/api/articles/{ref}", "/api/search?q=", "/api/claims",
        "/api/claims/{article}/{idx}", "/api/quotes", "/api/events", "/api/stories", "/api/stories/{ref}",
        "/api/sources", "/api/sources/{name}", "/api/network", "/api/geo", "/api/timeline",
        "/api/event-clusters", "/api/event-clusters/{ref}"]}


@router.get("/stats", response_model=Stats)
def stats(conn: sqlite3.Connection = Conn):
    """Rows per table, outlets, last runs, and the values each filter can take."""
    return queries.stats(conn) | {"facets": facets(conn)}


@router.get("/articles", response_model=Page[ArticleRow])
def articles(request: Request, conn: sqlite3.Connection = Conn, limit: int = Limit, offset: int = Offset,
             outlet: str | None = Query(None, max_length=1000), since: str | None = Since, until: str | None = Until):
    """Articles, newest first."""
    f = {"outlet": outlet, "since": since, "until": until}
    return paged(request, limit, offset, lambda: queries.list_articles(conn, limit=limit, offset=offset, **f),
                 lambda: queries.count_articles(conn, **f))


@router.get("/articles/{ref}", response_model=ArticleRecord)
def article(ref: str = Path(max_length=1000), conn: sqlite3.Connection = Conn):
    """The full record (the `allegedly extract` JSON contract) for an id, id prefix or file name."""
    try:
        return queries.get_article(conn, ref).as_dict()
    except StoreError as exc:
        raise not_found(exc) from exc


@router.get("/search", response_model=Page[SearchHit])
def search(request: Request, q: str = Query(max_length=queries.MAX_QUERY_CHARS), conn: sqlite3.Connection = Conn,
           limit: int = Query(20, ge=1, le=MAX_LIMIT), offset: int = Offset):
    """Full-text search: all words, phrase matches first; FTS5 syntax passes through."""
    return paged(request, limit, offset, lambda: queries.search(conn, q, limit=limit, offset=offset),
                 lambda: queries.count_search(conn, q))


@router.get("/claims", response_model=Page[ClaimRow])
def claims(request: Request, conn: sqlite3.Connection = Conn, status: str | None = None,
           origin_kind: str | None = None, article_id: str | None = ArticleId, contains: str | None = Contains,
           since: str | None = Since, until: str | None = Until, source: str | None = Source,
           limit: int = Limit, offset: int = Offset):
    """Claims with status, source chain and cues."""
    f = {"status": status, "origin_kind": origin_kind, "article_id": article_id, "contains": contains,
         "since": since, "until": until, "source": source}
    return paged(request, limit, offset, lambda: list_claims(conn, limit=limit, offset=offset, **f),
                 lambda: count_claims(conn, **f))


@router.get("/claims/{article}/{idx}", response_model=ClaimDetail)
def claim(article: str = Path(max_length=1000), idx: int = Path(ge=0, le=10**9), conn: sqlite3.Connection = Conn):
    """One claim: chain hop by hop, cues, the events it carries, the places it names, its copies in the story."""
    try:
        return claim_store.get_claim(conn, article, idx)
    except StoreError as exc:
        raise not_found(exc) from exc


@router.get("/quotes", response_model=Page[QuoteRow])
def quotes(request: Request, conn: sqlite3.Connection = Conn, kind: str | None = None, speaker: str | None = None,
           article_id: str | None = ArticleId, contains: str | None = Contains, since: str | None = Since,
           until: str | None = Until, source: str | None = Source, limit: int = Limit, offset: int = Offset):
    """Quotes with speaker, cue and chain."""
    f = {"kind": kind, "speaker": speaker, "article_id": article_id, "contains": contains, "since": since,
         "until": until, "source": source}
    return paged(request, limit, offset, lambda: list_quotes(conn, limit=limit, offset=offset, **f),
                 lambda: count_quotes(conn, **f))


@router.get("/events", response_model=Page[EventRow])
def events(request: Request, conn: sqlite3.Connection = Conn, type: str | None = None, status: str | None = None,
           country: str | None = None, article_id: str | None = ArticleId, since: str | None = Since,
           until: str | None = Until, date_by: Literal["published", "event"] = "published",
           source: str | None = Source, limit: int = Limit, offset: int = Offset):
    """Events with participants, place, date, and the status and chain of the claim that carries them."""
    f = {"type": type, "status": status, "location_country": country, "article_id": article_id, "since": since,
         "until": until, "date_by": date_by, "source": source}
    return paged(request, limit, offset, lambda: list_events(conn, limit=limit, offset=offset, **f),
                 lambda: count_events(conn, **f))


@router.get("/stories", response_model=Page[StoryRow])
def stories(request: Request, conn: sqlite3.Connection = Conn, limit: int = Limit, offset: int = Offset):
    """Report families, largest first."""
    return paged(request, limit, offset, lambda: story_queries.list_stories(conn, limit, offset),
                 lambda: conn.execute("SELECT count(*) FROM stories").fetchone()[0])


@router.get("/stories/{ref}", response_model=StoryDetail)
def story(ref: str = Path(max_length=1000), conn: sqlite3.Connection = Conn):
    """Members, copy graph and the claims with their appearances (who hedges, who states it)."""
    try:
        return story_queries.story(conn, story_queries.resolve_story(conn, ref))
    except StoreError as exc:
        raise not_found(exc) from exc


@router.get("/sources", response_model=Page[SourceRow])
def source_list(request: Request, conn: sqlite3.Connection = Conn, kind: str | None = None, limit: int = Limit,
                offset: int = Offset):
    """Sources named in chains (outlets, documents, people, groups …), most relied-on first."""
    found = sources.list_sources(conn, kind=kind, limit=limit, offset=offset)
    return paged(request, limit, offset, lambda: found[0], lambda: found[1])


@router.get("/sources/{name:path}", response_model=SourceDetail)
def source(name: str = Path(max_length=1000), conn: sqlite3.Connection = Conn):
    """One source: who relays it, whom it relies on, and how many claims rest on it."""
    try:
        return sources.source(conn, name)
    except StoreError as exc:
        raise not_found(exc) from exc


@router.get("/network", response_model=Network)
def network(conn: sqlite3.Connection = Conn, status: str | None = None, origin_kind: str | None = None,
            article_id: str | None = ArticleId, contains: str | None = Contains, since: str | None = Since,
            until: str | None = Until, source: str | None = Source,
            hide: list[Literal["publisher", "outlet", "document", "person", "official", "group", "anonymous"]] = Query(
                [], description="hop kinds to leave out (their neighbours are linked directly)"),
            max_nodes: int = Query(sources.MAX_NODES, ge=1, le=5000)):
    """Who cites whom: sources as nodes, relays/cites/from links weighted by the claims resting on them."""
    try:
        return sources.network(conn, status=status, origin_kind=origin_kind, article_id=article_id,
                               contains=contains, since=since, until=until, source=source, max_nodes=max_nodes,
                               hide=tuple(hide))
    except StoreError as exc:
        raise bad_request(exc) from exc


@router.get("/geo", response_model=FeatureCollection)
def geojson(conn: sqlite3.Connection = Conn, kind: Literal["events", "claims"] | None = None,
            status: str | None = None, type: str | None = None, country: str | None = None,
            since: str | None = Since, until: str | None = Until, source: str | None = Source,
            limit: int = Query(geo.MAX_FEATURES, ge=1, le=geo.MAX_FEATURES), offset: int = Offset):
    """GeoJSON: located events (where they happened) and claims (each geocoded place they name)."""
    try:
        return geo.geojson(conn, kind=kind, status=status, type=type, country=country, since=since, until=until,
                           source=source, limit=limit, offset=offset)
    except StoreError as exc:
        raise bad_request(exc) from exc


@router.get("/timeline", response_model=Timeline)
def timeline(conn: sqlite3.Connection = Conn, by: Literal["published", "event"] = "published",
             kind: Literal["events", "claims"] | None = None, status: str | None = None, type: str | None = None,
             since: str | None = Since, until: str | None = Until, source: str | None = Source,
             limit: int = Query(geo.MAX_FEATURES, ge=1, le=geo.MAX_FEATURES), offset: int = Offset):
    """Dated events and claims, oldest first, by publication date or by the events' own dates."""
    try:
        items = geo.timeline(conn, by=by, kind=kind, status=status, type=type, since=since, until=until,
                             source=source, limit=limit, offset=offset)
    except StoreError as exc:
        raise bad_request(exc) from exc
    return {"ok": True, "by": by, "items": items}


@router.get("/event-clusters", response_model=Page[EventClusterRow])
def event_clusters(request: Request, conn: sqlite3.Connection = Conn, limit: int = Limit, offset: int = Offset):
    """Event clusters (all coverage of one happening) with their report families and
    independent-source counts, most families first."""
    return paged(request, limit, offset, lambda: story_queries.list_clusters(conn, limit, offset),
                 lambda: conn.execute("SELECT count(*) FROM event_clusters").fetchone()[0])


@router.get("/event-clusters/{ref}", response_model=EventClusterDetail)
def event_cluster(ref: str = Path(max_length=1000), conn: sqlite3.Connection = Conn):
    """One event cluster (by id, prefix, member story or article): families and their pages."""
    try:
        return story_queries.cluster(conn, story_queries.resolve_cluster(conn, ref))
    except StoreError as exc:
        raise not_found(exc) from exc
