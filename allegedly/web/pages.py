"""HTML pages: the same query functions as the API, rendered with Jinja2; each page links its JSON."""
from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from allegedly.errors import StoreError
from allegedly.provenance.chains import chain_text
from allegedly.store import queries
from allegedly.store.lists import MAX_LIMIT, facets, list_claims, list_events
from allegedly.stories import queries as story_queries
from allegedly.web.app import bad_request, not_found, store
from allegedly.web.marks import pieces

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
templates.env.globals["chain_text"] = chain_text
Limit = Query(50, ge=1, le=MAX_LIMIT)
Offset = Query(0, ge=0)


def page(request: Request, name: str, code: int = 200, **context) -> HTMLResponse:
    api = request.url.path if request.url.path != "/" else "/stats"
    context.setdefault("json_url", "/api" + api + (f"?{request.url.query}" if request.url.query else ""))
    return templates.TemplateResponse(request, name, context, status_code=code)


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    return page(request, "error.html", status, status_code=status, message=message, json_url=None)


def _more(request: Request, offset: int, limit: int, shown: int) -> str | None:
    if shown < limit:
        return None
    params = dict(request.query_params) | {"offset": str(offset + limit)}
    return f"{request.url.path}?{urlencode(params)}"


@router.get("/", response_class=HTMLResponse)
def home(request: Request, conn: sqlite3.Connection = Depends(store)):
    return page(request, "home.html", stats=queries.stats(conn), facets=facets(conn),
                articles=queries.list_articles(conn, limit=10), stories=story_queries.list_stories(conn, 10))


@router.get("/articles", response_class=HTMLResponse)
def articles(request: Request, conn: sqlite3.Connection = Depends(store), limit: int = Limit,
             offset: int = Offset, outlet: str | None = None):
    rows = queries.list_articles(conn, limit=limit, offset=offset, outlet=outlet or None)
    return page(request, "articles.html", articles=rows, more=_more(request, offset, limit, len(rows)))


@router.get("/articles/{ref}", response_class=HTMLResponse)
def article(request: Request, ref: str, conn: sqlite3.Connection = Depends(store)):
    try:
        record = queries.get_article(conn, ref)
    except StoreError as exc:
        raise not_found(exc) from exc
    member = conn.execute("SELECT story_id FROM story_members WHERE article_id = ?", (record.id,)).fetchone()
    return page(request, "article.html", r=record, pieces=pieces(record), story_id=member[0] if member else None,
                json_url=f"/api/articles/{record.id}")


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, q: str = "", conn: sqlite3.Connection = Depends(store)):
    try:
        hits = queries.search(conn, q) if q.strip() else []
    except StoreError as exc:
        raise bad_request(exc) from exc
    return page(request, "search.html", q=q, hits=hits)


@router.get("/claims", response_class=HTMLResponse)
def claims(request: Request, conn: sqlite3.Connection = Depends(store), status: str = "", origin_kind: str = "",
           contains: str = "", limit: int = Limit, offset: int = Offset):
    try:
        rows = list_claims(conn, status=status or None, origin_kind=origin_kind or None, contains=contains or None,
                           limit=limit, offset=offset)
    except StoreError as exc:
        raise bad_request(exc) from exc
    return page(request, "claims.html", claims=rows, facets=facets(conn), status=status, origin_kind=origin_kind,
                contains=contains, more=_more(request, offset, limit, len(rows)))


@router.get("/events", response_class=HTMLResponse)
def events(request: Request, conn: sqlite3.Connection = Depends(store), type: str = "", status: str = "",
           limit: int = Limit, offset: int = Offset):
    try:
        rows = list_events(conn, type=type or None, status=status or None, limit=limit, offset=offset)
    except StoreError as exc:
        raise bad_request(exc) from exc
    return page(request, "events.html", events=rows, facets=facets(conn), type=type, status=status,
                more=_more(request, offset, limit, len(rows)))


@router.get("/stories", response_class=HTMLResponse)
def stories(request: Request, conn: sqlite3.Connection = Depends(store), limit: int = Limit):
    return page(request, "stories.html", stories=story_queries.list_stories(conn, limit))


@router.get("/stories/{ref}", response_class=HTMLResponse)
def story(request: Request, ref: str, conn: sqlite3.Connection = Depends(store)):
    try:
        sid = story_queries.resolve_story(conn, ref)
        data = story_queries.story(conn, sid)
    except StoreError as exc:
        raise not_found(exc) from exc
    outlets = {m["article_id"]: m["outlet"] or "?" for m in data["members"]}
    return page(request, "story.html", s=data, outlets=outlets, json_url=f"/api/stories/{sid}")
