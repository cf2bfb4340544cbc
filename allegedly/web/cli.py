"""``allegedly serve``: the JSON API and HTML pages over a store."""
from __future__ import annotations

import click

from allegedly.cli import db_option, domain_errors


@click.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option("--time-limit", default=5.0, show_default=True, type=click.FloatRange(0),
              help="Seconds of store work (SQLite or PostgreSQL) one request may take before it is stopped (0: no limit).")
@domain_errors
def serve(db, host, port, time_limit):
    """Serve the store: HTML pages at /, the JSON API at /api, its schema at /docs.

    Read-only: run `allegedly ingest` into the same --db meanwhile and reload the page.
    """
    import uvicorn

    from allegedly.web import create_app

    from allegedly.store.postgres import redact

    app = create_app(db, statement_seconds=time_limit)
    click.echo(f"serving {redact(db)} at http://{host}:{port}/ (JSON at /api) — Ctrl-C stops", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")


COMMANDS = [serve]
