"""The SQLite store: schema migrations, writers, readers and the query layer.

    conn = connect("allegedly.db")        # WAL, foreign keys, migrated
    save_record(conn, record)             # one transaction per article; False if already stored
    record = load_record(conn, resolve_ref(conn, "000_4dec16913f75ed72"))

Adding a feature's tables (claims, events, stories …):
1. a new file ``migrations/NNNN_name.sql`` (never edit an earlier one); per-article
   tables take ``article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE``
   so ``ingest --force`` can replace an article;
2. a writer ``fn(conn, record)`` decorated with ``@register_writer`` in the feature's
   own module, and that module's name added to ``writers.WRITER_MODULES``. It runs in
   the article's transaction: raise and nothing of the article is stored;
3. read-side questions as plain functions next to ``queries.py`` (CLI and web share
   them), a ``show.register_section`` renderer listed in ``show.SECTION_MODULES``,
   and commands in a module listed in ``cli.COMMAND_MODULES``.
"""
from __future__ import annotations

from allegedly.errors import StoreError
from allegedly.store.connection import (
    DEFAULT_DB,
    apply_migrations,
    connect,
    known_migrations,
    schema_version,
    transaction,
)
from allegedly.store.readers import load_record, resolve_ref
from allegedly.store.writers import (
    WRITER_MODULES,
    finish_run,
    record_error,
    register_writer,
    save_record,
    start_run,
    stored_ids,
)

__all__ = [
    "DEFAULT_DB",
    "StoreError",
    "WRITER_MODULES",
    "apply_migrations",
    "connect",
    "finish_run",
    "known_migrations",
    "load_record",
    "record_error",
    "register_writer",
    "resolve_ref",
    "save_record",
    "schema_version",
    "start_run",
    "stored_ids",
    "transaction",
]
