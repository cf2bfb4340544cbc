"""The Python API: process a text into the JSON contract record, open a store and ask it questions.

Everything here is a thin layer over what the CLI and the web API use, so the three answer alike.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from allegedly.errors import StoreError
from allegedly.records import ArticleRecord


def extract_record(text: str, *, title: str = "", url: str | None = None, published: str | None = None,
                   outlet: str | None = None, source: str = "<text>", model: str | None = None) -> ArticleRecord:
    """The typed record for one article's body ``text`` (the title goes in ``title``, not in the text)."""
    from allegedly.cli import get_pipeline
    from allegedly.records import RawArticle
    from allegedly.settings import Settings

    if not isinstance(text, str) or not text.strip():
        raise ValueError("extract needs the article's text: a non-empty string")
    raw = RawArticle(source=source, text=text, title=title, url=url, published=published, outlet=outlet)
    return get_pipeline(Settings.from_env(model=model)).process(raw)


def extract(text: str, **meta: Any) -> dict[str, Any]:
    """The JSON contract record (as `allegedly extract` prints it) for one article's body ``text``.

    ``meta``: ``title``, ``url``, ``published`` (ISO date), ``outlet``, ``source`` (a name for
    error messages) and ``model`` (a spaCy pipeline name)."""
    return extract_record(text, **meta).as_dict()


def open_store(path: str | Path = "allegedly.db") -> "Store":
    """A read-only view of a store written by `allegedly ingest`."""
    return Store(path)


class Store:
    """Read-only questions over a store; each returns plain dicts and lists (JSON-ready).

    List methods take the filters of the matching JSON API endpoint and ``limit``/``offset``."""

    def __init__(self, path: str | Path):
        from allegedly.store import connect
        from allegedly.store.postgres import is_url

        if not is_url(path):
            path = Path(path)
            if not path.is_file():
                raise StoreError(f"no store at {path}; run `allegedly ingest PATH --db {path}` first")
        connect(path).close()  # bring the schema up to date once, then read only
        if is_url(path):
            self.conn = connect(path, migrate=False, read_only=True)
        else:
            self.conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
            self.conn.row_factory = sqlite3.Row

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    def article(self, ref: str) -> dict[str, Any]:
        """The full record for an id, id prefix or file name."""
        from allegedly.store import queries

        return queries.get_article(self.conn, ref).as_dict()

    def articles(self, **filters) -> list[dict]:
        from allegedly.store import queries

        return queries.list_articles(self.conn, **filters)

    def search(self, query: str, *, limit: int = 20, offset: int = 0) -> list[dict]:
        from allegedly.store import queries

        return queries.search(self.conn, query, limit=limit, offset=offset)

    def claims(self, **filters) -> list[dict]:
        from allegedly.store.lists import list_claims

        return list_claims(self.conn, **filters)

    def claim(self, article: str, idx: int) -> dict[str, Any]:
        from allegedly.store.claims import get_claim

        return get_claim(self.conn, article, idx)

    def quotes(self, **filters) -> list[dict]:
        from allegedly.store.lists import list_quotes

        return list_quotes(self.conn, **filters)

    def events(self, **filters) -> list[dict]:
        from allegedly.store.lists import list_events

        return list_events(self.conn, **filters)

    def stories(self, *, limit: int = 50, offset: int = 0) -> list[dict]:
        from allegedly.stories.queries import list_stories

        return list_stories(self.conn, limit, offset)

    def story(self, ref: str) -> dict[str, Any]:
        from allegedly.stories import queries

        return queries.story(self.conn, queries.resolve_story(self.conn, ref))

    def source(self, name: str) -> dict[str, Any]:
        from allegedly.store.sources import source

        return source(self.conn, name)

    def network(self, **filters) -> dict[str, Any]:
        from allegedly.store.sources import network

        return network(self.conn, **filters)

    def geojson(self, **filters) -> dict[str, Any]:
        from allegedly.store.geo import geojson

        return geojson(self.conn, **filters)

    def timeline(self, **filters) -> list[dict]:
        from allegedly.store.geo import timeline

        return timeline(self.conn, **filters)

    def sql(self, query: str, params: tuple | dict = ()) -> list[dict]:
        """Any read-only SQL over the store's tables and views (see the README's table list)."""
        return [dict(r) for r in self.conn.execute(query, params)]
