"""The store over HTTP: a JSON API under /api and HTML pages, both over the same query layer.

    allegedly serve --db allegedly.db          # http://127.0.0.1:8000
    from allegedly.web import create_app       # an ASGI app for any server
"""
from __future__ import annotations

from allegedly.web.app import create_app

__all__ = ["create_app"]
