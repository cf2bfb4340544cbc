"""Open the store (an SQLite file, or a PostgreSQL server by URL) and bring its schema up to date.

Migrations are the files ``allegedly/store/migrations/NNNN_name.sql``, applied
in order, each inside one transaction together with its row in
``schema_migrations`` and ``PRAGMA user_version``; a failed file leaves the
schema as it was before that file. On PostgreSQL the same files run translated
(store/postgres.py), and ``schema_migrations`` alone records the version.
"""
from __future__ import annotations

import re
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from typing import Iterator

from allegedly.errors import StoreError
from allegedly.store import postgres

DEFAULT_DB = "allegedly.db"
BUSY_TIMEOUT_MS = 10_000
_MIGRATION_NAME = re.compile(r"^(\d{4})_([A-Za-z0-9_]+)\.sql$")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def connect(path: str | Path = DEFAULT_DB, *, migrate: bool = True, read_only: bool = False):
    """Open (creating if needed) the store at ``path``, ready to read and write.

    ``path`` is an SQLite file, or a ``postgresql://`` URL of an existing database
    (a PgConnection then, used the same way). The connection is in autocommit mode;
    writers group their statements with :func:`transaction`. ``read_only`` (PostgreSQL;
    SQLite readers open the file with ``mode=ro``) refuses writes.
    """
    if postgres.is_url(path):
        conn = postgres.connect(path, read_only=read_only)
        if migrate:
            try:
                apply_migrations(conn, where=postgres.redact(path))
            except BaseException:
                conn.close()
                raise
        return conn
    path = str(path)
    if path != ":memory:" and Path(path).is_dir():
        raise StoreError(f"{path}: is a directory, not an SQLite file")
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        if path != ":memory:":
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode.lower() != "wal":
                raise StoreError(f"{path}: could not switch to WAL journal mode (got {mode})")
        conn.execute("PRAGMA synchronous = NORMAL")  # safe with WAL, much faster
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: cannot open as an SQLite store: {exc}") from exc
    if migrate:
        apply_migrations(conn, where=path)
    return conn


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """All-or-nothing block; nests as a savepoint inside an open transaction."""
    if conn.in_transaction:
        name = f"sp_{id(object())}"
        conn.execute(f"SAVEPOINT {name}")
        try:
            yield conn
        except BaseException:
            conn.execute(f"ROLLBACK TO {name}")
            conn.execute(f"RELEASE {name}")
            raise
        conn.execute(f"RELEASE {name}")
        return
    conn.execute("BEGIN IMMEDIATE")  # PostgreSQL: BEGIN and the writers' advisory lock
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def known_migrations() -> list[Migration]:
    found: dict[int, Migration] = {}
    for entry in resources.files("allegedly.store").joinpath("migrations").iterdir():
        m = _MIGRATION_NAME.match(entry.name)
        if not m:
            continue
        version = int(m.group(1))
        if version in found:
            raise StoreError(
                f"two migrations share version {version:04d}: {found[version].name} and {m.group(2)}"
            )
        found[version] = Migration(version, m.group(2), entry.read_text(encoding="utf-8"))
    return [found[v] for v in sorted(found)]


def is_postgres(conn) -> bool:
    return getattr(conn, "dialect", "sqlite") == "postgresql"


def schema_version(conn) -> int:
    if is_postgres(conn):
        return max(recorded_versions(conn), default=0)
    return conn.execute("PRAGMA user_version").fetchone()[0]


def apply_migrations(conn: sqlite3.Connection, where: str = "store") -> list[int]:
    """Apply every known migration the store has not recorded; return the versions applied.

    ``schema_migrations`` is the truth, not ``user_version`` alone: features land
    in any order, so a store migrated to 0003 must still get a later-added 0002.
    """
    migrations = known_migrations()
    newest = migrations[-1].version if migrations else 0
    current = schema_version(conn)
    if current > newest:
        raise StoreError(
            f"{where}: schema version {current} is newer than this allegedly knows "
            f"({newest}); upgrade allegedly or use another --db"
        )
    if current and set(recorded_versions(conn)) >= {m.version for m in migrations}:
        return []  # the common case: one read, no write lock
    applied = []
    for mig in migrations:
        with transaction(conn):
            # Read inside the write lock: another process may have migrated meanwhile.
            _ensure_migrations_table(conn)
            if mig.version in recorded_versions(conn):
                continue
            try:
                if is_postgres(conn):
                    _apply_postgres(conn, mig)
                else:
                    for statement in split_sql(mig.sql):
                        conn.execute(statement)
            except sqlite3.DatabaseError as exc:
                raise StoreError(
                    f"{where}: migration {mig.version:04d}_{mig.name} failed: {exc}"
                ) from exc
            conn.execute(
                "INSERT INTO schema_migrations(version, name, applied_at) VALUES (?, ?, ?)",
                (mig.version, mig.name, now()),
            )
            if not is_postgres(conn):
                conn.execute(f"PRAGMA user_version = {max(mig.version, schema_version(conn)):d}")
        applied.append(mig.version)
    return applied


def _apply_postgres(conn, mig: Migration) -> None:
    name = f"{mig.version:04d}_{mig.name}"
    for statement in postgres.translate_migration(mig.sql, name):
        conn.execute(statement)
    extra = postgres.extra_migration(mig.version)
    if extra:
        postgres.run_script(conn, extra)


def recorded_versions(conn) -> list[int]:
    if is_postgres(conn):
        exists = postgres.table_exists(conn, "schema_migrations")
    else:
        exists = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
        ).fetchone()
    if not exists:
        return []
    return [r[0] for r in conn.execute("SELECT version FROM schema_migrations ORDER BY version")]


def _ensure_migrations_table(conn: sqlite3.Connection) -> None:
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )


def split_sql(script: str) -> list[str]:
    """Split a script into statements (trigger bodies kept whole).

    ``executescript`` would commit on its own, so the runner executes statement
    by statement inside its transaction instead.
    """
    statements, buf = [], ""
    for piece in script.split(";"):
        buf += piece + ";"
        if sqlite3.complete_statement(buf):
            if _has_code(buf):
                statements.append(buf.strip())
            buf = ""
    if _has_code(buf.rstrip(";")):
        raise StoreError(f"unterminated SQL statement in migration: {buf.strip()[:80]}…")
    return statements


def _has_code(sql: str) -> bool:
    lines = [ln.split("--", 1)[0] for ln in sql.splitlines()]
    return bool("".join(lines).strip().strip(";").strip())
