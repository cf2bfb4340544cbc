"""The SQLite store: schema migrations, writers, readers and the query layer.

    conn = connect("allegedly.db")        # WAL, foreign keys, migrated
    save_record(conn, record)             # one transaction per article; False if already stored
    record = load_record(conn, resolve_ref(conn, "000_4dec16913f75ed72"))
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
