"""The app factory: one read-only store connection per request, one error shape, nothing from elsewhere.

The store is opened read-only per request (SQLite ``mode=ro``; a read-only session on
PostgreSQL), so a server can run next to ``allegedly ingest`` writing the same store.
Every statement of a request shares a time budget (SQLite's progress handler, or
PostgreSQL's statement_timeout, stops it), so no request can keep the server busy. Errors: the API always answers ``{"ok": false, "error": …, "status": …}``
and the OpenAPI schema says so; pages show the same message. Every response carries
a Content-Security-Policy that allows scripts, styles and data only from this server (and no inline script).
"""
from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from typing import Iterator

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from allegedly.errors import StoreError
from allegedly.store.queries import time_limit

STATIC = Path(__file__).parent / "static"
STATEMENT_SECONDS = 5.0
# Scripts only from this server, never inline. Inline styles are allowed: Leaflet, vis-timeline,
# Cytoscape.js and Swagger UI set style attributes and <style> blocks as they draw.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
       "form-action 'self'")
log = logging.getLogger("allegedly.web")


class WebError(Exception):
    """A store question that cannot be answered: unknown id (404) or bad filter (400)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def not_found(exc: StoreError) -> WebError:
    return WebError(404, str(exc))


def bad_request(exc: StoreError) -> WebError:
    return WebError(400, str(exc))


def create_app(db: str | Path, *, statement_seconds: float = STATEMENT_SECONDS) -> FastAPI:
    """An ASGI app over the store at ``db`` (it must exist; its schema is brought up to date once).

    ``statement_seconds`` bounds the SQLite time one request may take (0: no bound)."""
    from allegedly.store import connect
    from allegedly.store.postgres import is_url

    if is_url(db):
        target = db
    else:
        target = Path(db)
        if not target.is_file():
            raise StoreError(f"no store at {db}; run `allegedly ingest PATH --db {db}` first")
    connect(target).close()  # migrate once, read-only afterwards
    from allegedly import __version__
    from allegedly.web import api, pages

    app = FastAPI(title="allegedly", version=__version__, docs_url=None, redoc_url=None,
                  description="Claims and events that know who said it: source chains, status, evidence spans.")
    app.state.db = target if isinstance(target, str) else target.resolve()
    app.state.pool = SessionPool(target) if isinstance(target, str) else None
    app.state.statement_seconds = statement_seconds
    app.include_router(api.router, prefix="/api")
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.openapi = lambda: _openapi(app)

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(_DOCS)

    @app.middleware("http")
    async def _headers(request: Request, call_next):
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response

    @app.exception_handler(WebError)
    async def _web_error(request: Request, exc: WebError):
        return _error(request, exc.status, str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException):
        return _error(request, exc.status_code, str(exc.detail), exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError):
        problems = "; ".join(f"{'.'.join(map(str, e['loc'][1:])) or e['loc'][0]}: {e['msg']}" for e in exc.errors())
        return _error(request, 400, problems)

    @app.exception_handler(sqlite3.OperationalError)
    async def _sqlite(request: Request, exc: sqlite3.OperationalError):
        if "interrupted" in str(exc):
            return _error(request, 400, f"the query took longer than {request.app.state.statement_seconds:g} s "
                                        "and was stopped; narrow it (fewer or rarer words, a filter, a date range)")
        log.exception("store error on %s", request.url.path)
        return _error(request, 500, f"store error: {exc}")

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception):
        log.exception("unexpected error on %s", request.url.path)
        return _error(request, 500, f"internal error ({type(exc).__name__}); the server log has the details")

    return app


def _error(request: Request, status: int, message: str, headers: dict | None = None):
    if request.url.path.startswith("/api"):
        return JSONResponse({"ok": False, "error": message, "status": status}, status_code=status, headers=headers)
    from allegedly.web.pages import error_page

    response = error_page(request, status, message)
    for k, v in (headers or {}).items():
        response.headers[k] = v
    return response


def store(request: Request) -> Iterator[sqlite3.Connection]:
    """FastAPI dependency: a read-only connection for this request, its statements under one time budget."""
    pool = getattr(request.app.state, "pool", None)
    conn = pool.take() if pool else open_read_only(request.app.state.db)
    try:
        with time_limit(conn, getattr(request.app.state, "statement_seconds", STATEMENT_SECONDS)):
            yield conn
    finally:
        if pool:
            pool.give(conn)
        else:
            conn.close()


class SessionPool:
    """Idle read-only PostgreSQL sessions kept for later requests: opening one (connect, read-only,
    adapters) costs more than most answers. A session goes back only when it is open and outside a
    transaction (autocommit: a failed statement leaves none open; the time budget is reset on the way
    out), and is checked with one round trip before it is handed out again (the server may have
    restarted or ended it)."""

    def __init__(self, url: str, keep: int = 8) -> None:
        import threading

        self.url, self.keep, self._idle, self._lock = url, keep, [], threading.Lock()

    def take(self):
        while True:
            with self._lock:
                conn = self._idle.pop() if self._idle else None
            if conn is None:
                return open_read_only(self.url)
            try:
                conn.raw.execute("SELECT 1")
                return conn
            except Exception:  # noqa: BLE001 - a dead session: drop it, try the next
                conn.close()

    def give(self, conn) -> None:
        if not conn.raw.closed and not conn.in_transaction:
            with self._lock:
                if len(self._idle) < self.keep:
                    self._idle.append(conn)
                    return
        conn.close()


def open_read_only(db: str | Path):
    """A connection that can only read the store: an SQLite file (``mode=ro``) or a PostgreSQL URL."""
    if isinstance(db, str):
        from allegedly.store import connect

        return connect(db, migrate=False, read_only=True)
    conn = sqlite3.connect(f"{Path(db).resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    return conn


def _openapi(app: FastAPI) -> dict:
    """FastAPI's schema, saying what the API really answers: 400 (not 422) for bad parameters, 404 for
    unknown references, both in the one error shape."""
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    error = {"$ref": "#/components/schemas/ErrorBody"}
    schema.setdefault("components", {}).setdefault("schemas", {})["ErrorBody"] = {
        "title": "ErrorBody", "type": "object", "required": ["ok", "error", "status"],
        "properties": {"ok": {"type": "boolean", "const": False}, "error": {"type": "string"},
                       "status": {"type": "integer"}}}
    for schemas in (schema["components"]["schemas"],):
        schemas.pop("HTTPValidationError", None)
        schemas.pop("ValidationError", None)
    for url, methods in schema.get("paths", {}).items():
        for op in methods.values():
            responses = op.setdefault("responses", {})
            responses.pop("422", None)
            responses["400"] = {"description": "Bad parameter or a query too big", "content": {
                "application/json": {"schema": error}}}
            if "{" in url:
                responses["404"] = {"description": "Nothing matches the reference", "content": {
                    "application/json": {"schema": error}}}
    app.openapi_schema = schema
    return schema


_DOCS = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>allegedly API</title><link rel="stylesheet" href="/static/vendor/swagger-ui/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/static/vendor/swagger-ui/swagger-ui-bundle.js"></script>
<script src="/static/docs.js"></script>
</body></html>
"""
