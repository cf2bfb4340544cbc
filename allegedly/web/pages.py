"""HTML pages: the same query functions as the API, rendered with Jinja2; each page links its JSON.

Drawn pages (map, timeline, network, a story's copy graph) load their data from the
JSON API (or a JSON block in the page) and draw it with the vendored libraries in
static/vendor; each also lists what it draws as text, for keyboards and small screens.
"""
from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from allegedly.errors import StoreError
from allegedly.provenance.chains import chain_text
from allegedly.store import claims as claim_store
from allegedly.store import queries, sources
from allegedly.store.lists import (MAX_LIMIT, MAX_OFFSET, count_claims, count_events, count_quotes, facets,
                                   list_claims, list_events, list_quotes, page_args)
from allegedly.stories import queries as story_queries
from allegedly.web.app import bad_request, not_found, store
from allegedly.web.marks import pieces

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
templates.env.globals["chain_text"] = chain_text
Limit = Query(50, ge=1, le=MAX_LIMIT)
Offset = Query(0, ge=0, le=MAX_OFFSET)
_HTTP = re.compile(r"^https?://", re.I)


def http_url(value: str | None) -> str | None:
    """A URL fit for a link: http(s) only; anything else (javascript:, data:, relative) is shown as text."""
    return value if value and _HTTP.match(value.strip()) else None


templates.env.filters["http_url"] = http_url
templates.env.filters["q"] = lambda s: quote(str(s), safe="")


def page(request: Request, name: str, code: int = 200, **context) -> HTMLResponse:
    api = request.url.path if request.url.path != "/" else "/stats"
    context.setdefault("json_url", "/api" + api + (f"?{request.url.query}" if request.url.query else ""))
    return templates.TemplateResponse(request, name, context, status_code=code)


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    return page(request, "error.html", status, status_code=status, message=message, json_url=None)


def _page(request: Request, offset: int, limit: int, rows, total) -> dict:
    try:
        page_args(limit, offset)
        found, count = rows(), total()
    except StoreError as exc:
        raise bad_request(exc) from exc
    params = {k: v for k, v in request.query_params.items() if v} | {"offset": str(offset + limit)}
    nxt = f"{request.url.path}?{urlencode(params)}" if offset + limit < count else None
    return {"rows": found, "total": count, "offset": offset, "limit": limit, "next": nxt}


@router.get("/", response_class=HTMLResponse)
def home(request: Request, conn: sqlite3.Connection = Depends(store)):
    return page(request, "home.html", stats=queries.stats(conn), facets=facets(conn),
                articles=queries.list_articles(conn, limit=10), stories=story_queries.list_stories(conn, 10))


@router.get("/articles", response_class=HTMLResponse)
def articles(request: Request, conn: sqlite3.Connection = Depends(store), limit: int = Limit,
             offset: int = Offset, outlet: str = "", since: str = "", until: str = ""):
    f = {"outlet": outlet or None, "since": since or None, "until": until or None}
    p = _page(request, offset, limit, lambda: queries.list_articles(conn, limit=limit, offset=offset, **f),
              lambda: queries.count_articles(conn, **f))
    return page(request, "articles.html", articles=p["rows"], page=p, outlet=outlet, since=since, until=until)


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
def search(request: Request, q: str = "", conn: sqlite3.Connection = Depends(store), limit: int = Query(20, ge=1, le=MAX_LIMIT),
           offset: int = Offset):
    if not q.strip():
        return page(request, "search.html", q=q, hits=[], page=None)
    p = _page(request, offset, limit, lambda: queries.search(conn, q, limit=limit, offset=offset),
              lambda: queries.count_search(conn, q))
    return page(request, "search.html", q=q, hits=p["rows"], page=p)


@router.get("/claims", response_class=HTMLResponse)
def claims(request: Request, conn: sqlite3.Connection = Depends(store), status: str = "", origin_kind: str = "",
           contains: str = "", article_id: str = "", since: str = "", until: str = "", source: str = "",
           limit: int = Limit, offset: int = Offset):
    f = {"status": status or None, "origin_kind": origin_kind or None, "contains": contains or None,
         "article_id": article_id or None, "since": since or None, "until": until or None, "source": source or None}
    p = _page(request, offset, limit, lambda: list_claims(conn, limit=limit, offset=offset, **f),
              lambda: count_claims(conn, **f))
    return page(request, "claims.html", claims=p["rows"], page=p, facets=facets(conn), status=status,
                origin_kind=origin_kind, contains=contains, since=since, until=until, source=source)


@router.get("/claims/{article}/{idx}", response_class=HTMLResponse)
def claim(request: Request, article: str, idx: int, conn: sqlite3.Connection = Depends(store)):
    try:
        c = claim_store.get_claim(conn, article, idx)
    except StoreError as exc:
        raise not_found(exc) from exc
    return page(request, "claim.html", c=c, json_url=f"/api/claims/{c['article_id']}/{idx}")


@router.get("/quotes", response_class=HTMLResponse)
def quotes(request: Request, conn: sqlite3.Connection = Depends(store), speaker: str = "", kind: str = "",
           contains: str = "", source: str = "", since: str = "", until: str = "", limit: int = Limit,
           offset: int = Offset):
    f = {"speaker": speaker or None, "kind": kind or None, "contains": contains or None, "source": source or None,
         "since": since or None, "until": until or None}
    p = _page(request, offset, limit, lambda: list_quotes(conn, limit=limit, offset=offset, **f),
              lambda: count_quotes(conn, **f))
    kinds = [r[0] for r in conn.execute("SELECT DISTINCT kind FROM quotes WHERE kind IS NOT NULL ORDER BY 1")]
    return page(request, "quotes.html", quotes=p["rows"], page=p, kinds=kinds, speaker=speaker, kind=kind,
                contains=contains, source=source, since=since, until=until)


@router.get("/events", response_class=HTMLResponse)
def events(request: Request, conn: sqlite3.Connection = Depends(store), type: str = "", status: str = "",
           country: str = "", since: str = "", until: str = "", date_by: str = "published",
           limit: int = Limit, offset: int = Offset):
    f = {"type": type or None, "status": status or None, "location_country": country or None,
         "since": since or None, "until": until or None, "date_by": date_by or "published"}
    p = _page(request, offset, limit, lambda: list_events(conn, limit=limit, offset=offset, **f),
              lambda: count_events(conn, **f))
    return page(request, "events.html", events=p["rows"], page=p, facets=facets(conn), type=type, status=status,
                country=country, since=since, until=until, date_by=date_by)


@router.get("/stories", response_class=HTMLResponse)
def stories(request: Request, conn: sqlite3.Connection = Depends(store), limit: int = Limit, offset: int = Offset):
    p = _page(request, offset, limit, lambda: story_queries.list_stories(conn, limit, offset),
              lambda: conn.execute("SELECT count(*) FROM stories").fetchone()[0])
    return page(request, "stories.html", stories=p["rows"], page=p)


@router.get("/stories/{ref}", response_class=HTMLResponse)
def story(request: Request, ref: str, conn: sqlite3.Connection = Depends(store)):
    try:
        sid = story_queries.resolve_story(conn, ref)
        data = story_queries.story(conn, sid)
    except StoreError as exc:
        raise not_found(exc) from exc
    outlets = {m["article_id"]: m["outlet"] or "?" for m in data["members"]}
    graph = {"nodes": [{"id": m["article_id"], "name": f"{m['outlet'] or '?'} · {m['published'] or ''}".strip(" ·"),
                        "kind": "article", "url": f"/articles/{m['article_id']}"} for m in data["members"]],
             "edges": [{"source": e["source"], "target": e["target"], "kind": e["kind"], "weight": 1}
                       for e in data["edges"]], "directed": True}
    return page(request, "story.html", s=data, outlets=outlets, graph=graph, json_url=f"/api/stories/{sid}")


@router.get("/sources", response_class=HTMLResponse)
def source_list(request: Request, conn: sqlite3.Connection = Depends(store), kind: str = "", limit: int = Limit,
                offset: int = Offset):
    found = sources.list_sources(conn, kind=kind or None, limit=limit, offset=offset)
    p = _page(request, offset, limit, lambda: found[0], lambda: found[1])
    kinds = [r[0] for r in conn.execute("SELECT DISTINCT kind FROM chain_hops ORDER BY 1")]
    return page(request, "sources.html", sources=p["rows"], page=p, kind=kind, kinds=kinds)


@router.get("/sources/{name:path}", response_class=HTMLResponse)
def source(request: Request, name: str, conn: sqlite3.Connection = Depends(store), limit: int = Limit,
           offset: int = Offset):
    try:
        s = sources.source(conn, name)
    except StoreError as exc:
        raise not_found(exc) from exc
    p = _page(request, offset, limit, lambda: list_claims(conn, source=name, limit=limit, offset=offset),
              lambda: count_claims(conn, source=name))
    return page(request, "source.html", s=s, claims=p["rows"], page=p, json_url=f"/api/sources/{quote(name, safe='')}")


def _filters(request: Request, names: tuple[str, ...]) -> dict[str, str]:
    return {k: request.query_params.get(k, "") for k in names}


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request, conn: sqlite3.Connection = Depends(store)):
    f = _filters(request, ("kind", "status", "type", "country", "since", "until", "source"))
    api = "/api/geo?" + urlencode({k: v for k, v in f.items() if v})
    return page(request, "map.html", f=f, facets=facets(conn), api=api, json_url=api)


@router.get("/timeline", response_class=HTMLResponse)
def timeline_page(request: Request, conn: sqlite3.Connection = Depends(store)):
    f = _filters(request, ("by", "kind", "status", "type", "since", "until", "source"))
    api = "/api/timeline?" + urlencode({k: v for k, v in f.items() if v})
    return page(request, "timeline.html", f=f, facets=facets(conn), api=api, json_url=api)


@router.get("/network", response_class=HTMLResponse)
def network_page(request: Request, conn: sqlite3.Connection = Depends(store)):
    f = _filters(request, ("status", "origin_kind", "since", "until", "source", "contains", "hide"))
    hide = ("publisher",) if f["hide"] == "publisher" else ()
    api = "/api/network?" + urlencode({k: v for k, v in f.items() if v})
    try:
        net = sources.network(conn, hide=hide, **{k: v or None for k, v in f.items() if k != "hide"})
    except StoreError as exc:
        raise bad_request(exc) from exc
    return page(request, "network.html", f=f, facets=facets(conn), net=net, api=api, json_url=api)
