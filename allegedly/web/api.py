"""JSON endpoints: the query layer's answers as they are (the same data the pages show)."""
from __future__ import annotations

import sqlite3

from fastapi import APIRouter, Depends, Query

from allegedly.errors import StoreError
from allegedly.store import queries
from allegedly.store.lists import MAX_LIMIT, facets, list_claims, list_events
from allegedly.stories import queries as story_queries
from allegedly.web.app import bad_request, not_found, store

router = APIRouter(tags=["api"])
Limit = Query(50, ge=1, le=MAX_LIMIT)
Offset = Query(0, ge=0)


@router.get("")
def index() -> dict:
    """What the API offers."""
    return {"ok": True, "endpoints": ["/api/stats", "/api/articles", "/api/articles/{ref}", "/api/search?q=",
                                      "/api/claims", "/api/events", "/api/stories", "/api/stories/{ref}",
                                      "/api/event-clusters", "/api/event-clusters/{ref}"]}


@router.get("/stats")
def stats(conn: sqlite3.Connection = Depends(store)) -> dict:
    """Rows per table, outlets, last runs, and the values each filter can take."""
    return queries.stats(conn) | {"facets": facets(conn)}


@router.get("/articles")
def articles(conn: sqlite3.Connection = Depends(store), limit: int = Limit, offset: int = Offset,
             outlet: str | None = None, since: str | None = None, until: str | None = None) -> list[dict]:
    return queries.list_articles(conn, limit=limit, offset=offset, outlet=outlet, since=since, until=until)


@router.get("/articles/{ref}")
def article(ref: str, conn: sqlite3.Connection = Depends(store)) -> dict:
    """The full record (the `allegedly extract` JSON contract) for an id, id prefix or file name."""
    try:
        return queries.get_article(conn, ref).as_dict()
    except StoreError as exc:
        raise not_found(exc) from exc


@router.get("/search")
def search(q: str, conn: sqlite3.Connection = Depends(store), limit: int = Query(20, ge=1, le=MAX_LIMIT)) -> list[dict]:
    try:
        return queries.search(conn, q, limit=limit)
    except StoreError as exc:
        raise bad_request(exc) from exc


@router.get("/claims")
def claims(conn: sqlite3.Connection = Depends(store), status: str | None = None, origin_kind: str | None = None,
           article_id: str | None = None, contains: str | None = None,
           limit: int = Limit, offset: int = Offset) -> list[dict]:
    try:
        return list_claims(conn, status=status, origin_kind=origin_kind, article_id=article_id, contains=contains,
                           limit=limit, offset=offset)
    except StoreError as exc:
        raise bad_request(exc) from exc


@router.get("/events")
def events(conn: sqlite3.Connection = Depends(store), type: str | None = None, status: str | None = None,
           country: str | None = None, article_id: str | None = None,
           limit: int = Limit, offset: int = Offset) -> list[dict]:
    try:
        return list_events(conn, type=type, status=status, location_country=country, article_id=article_id,
                           limit=limit, offset=offset)
    except StoreError as exc:
        raise bad_request(exc) from exc


@router.get("/stories")
def stories(conn: sqlite3.Connection = Depends(store), limit: int = Limit) -> list[dict]:
    return story_queries.list_stories(conn, limit)


@router.get("/stories/{ref}")
def story(ref: str, conn: sqlite3.Connection = Depends(store)) -> dict:
    """Members, copy graph and the claims with their appearances (who hedges, who states it)."""
    try:
        return story_queries.story(conn, story_queries.resolve_story(conn, ref))
    except StoreError as exc:
        raise not_found(exc) from exc


@router.get("/event-clusters")
def event_clusters(conn: sqlite3.Connection = Depends(store), limit: int = Limit, offset: int = Offset) -> list[dict]:
    """Event clusters (all coverage of one happening) with their report families and
    independent-source counts, most families first."""
    return story_queries.list_clusters(conn, limit, offset)


@router.get("/event-clusters/{ref}")
def event_cluster(ref: str, conn: sqlite3.Connection = Depends(store)) -> dict:
    """One event cluster (by id, prefix, member story or article): families and their pages."""
    try:
        return story_queries.cluster(conn, story_queries.resolve_cluster(conn, ref))
    except StoreError as exc:
        raise not_found(exc) from exc
