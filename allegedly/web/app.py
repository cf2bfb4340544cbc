"""The app factory: one read-only SQLite connection per request, one error shape.

The store is opened read-only per request (``mode=ro``), so a server can run next
to ``allegedly ingest`` writing the same WAL file. Errors: the API always answers
``{"ok": false, "error": …, "status": …}``; pages show the same message.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Iterator

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from allegedly.errors import StoreError
from allegedly.store import connect


class WebError(Exception):
    """A store question that cannot be answered: unknown id (404) or bad filter (400)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def not_found(exc: StoreError) -> WebError:
    return WebError(404, str(exc))


def bad_request(exc: StoreError) -> WebError:
    return WebError(400, str(exc))


def create_app(db: str | Path) -> FastAPI:
    """An ASGI app over the store at ``db`` (it must exist; its schema is brought up to date once)."""
    path = Path(db)
    if not path.is_file():
        raise StoreError(f"no store at {db}; run `allegedly ingest PATH --db {db}` first")
    connect(path).close()  # migrate once, read-only afterwards
    from allegedly.cli import __version__
    from allegedly.web import api, pages

    app = FastAPI(title="allegedly", version=__version__,
                  description="Claims and events that know who said it: source chains, status, evidence spans.")
    app.state.db = path.resolve()
    app.include_router(api.router, prefix="/api")
    app.include_router(pages.router)

    @app.exception_handler(WebError)
    async def _web_error(request: Request, exc: WebError):
        return _error(request, exc.status, str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException):
        return _error(request, exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError):
        problems = "; ".join(f"{'.'.join(map(str, e['loc'][1:])) or e['loc'][0]}: {e['msg']}" for e in exc.errors())
        return _error(request, 400, problems)

    return app


def _error(request: Request, status: int, message: str):
    if request.url.path.startswith("/api"):
        return JSONResponse({"ok": False, "error": message, "status": status}, status_code=status)
    from allegedly.web.pages import error_page

    return error_page(request, status, message)


def store(request: Request) -> Iterator[sqlite3.Connection]:
    """FastAPI dependency: a read-only connection for this request."""
    conn = sqlite3.connect(f"{request.app.state.db.as_uri()}?mode=ro", uri=True, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    try:
        yield conn
    finally:
        conn.close()
