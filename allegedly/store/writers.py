"""Write ArticleRecords (and run bookkeeping) into the store.

``save_record`` writes the ``articles`` row and then calls every registered
writer ``fn(conn, record)`` inside ONE transaction: a failing writer leaves
nothing of that article behind. Features add their tables with a migration
and a writer; the writer module registers itself on import and is listed
once in ``WRITER_MODULES`` so it is imported before the first save.
"""
from __future__ import annotations

import importlib
import json
import os
import socket
import sqlite3
from typing import Callable, Iterable

from allegedly.records import ArticleRecord
from allegedly.store.connection import now, transaction

Writer = Callable[[sqlite3.Connection, ArticleRecord], None]

# Modules whose import registers writers (one line per feature).
WRITER_MODULES: list[str] = [
    "allegedly.store.writers",
    "allegedly.store.events",
    "allegedly.store.provenance",
    "allegedly.store.stories",
]

_WRITERS: list[Writer] = []
_loaded = False


def register_writer(fn: Writer) -> Writer:
    """Add ``fn(conn, record)`` to the writers save_record runs (usable as a decorator)."""
    if fn not in _WRITERS:
        _WRITERS.append(fn)
    return fn


def writers() -> list[Writer]:
    global _loaded
    if not _loaded:
        for module in WRITER_MODULES:
            importlib.import_module(module)
        _loaded = True
    return list(_WRITERS)


def save_record(
    conn: sqlite3.Connection,
    record: ArticleRecord,
    *,
    replace: bool = False,
    run_id: int | None = None,
    pipeline_version: str | None = None,
    exclude: tuple[Writer, ...] = (),
) -> bool:
    """Store one article with all its parts; False if it was already stored.

    With ``replace`` an existing article of the same id is deleted first (its
    child rows go with it through ON DELETE CASCADE) and written anew. Writers in
    ``exclude`` are left out (the Spark loader writes the story tables in bulk).
    """
    fns = [fn for fn in writers() if fn not in exclude]
    with transaction(conn):
        exists = conn.execute("SELECT 1 FROM articles WHERE id = ?", (record.id,)).fetchone()
        if exists and not replace:
            return False
        if exists:
            conn.execute("DELETE FROM articles WHERE id = ?", (record.id,))
        _insert_article(conn, record, run_id, pipeline_version)
        for fn in fns:
            fn(conn, record)
    return True


def stored_ids(conn: sqlite3.Connection) -> set[str]:
    return {row[0] for row in conn.execute("SELECT id FROM articles")}


def _insert_article(conn, record: ArticleRecord, run_id, pipeline_version) -> None:
    d = record.dateline
    conn.execute(
        """INSERT INTO articles(id, title, outlet, publisher, url, published, dateline_place,
               dateline_agency, dateline_consistent, dateline, text, source, ingested_at,
               pipeline_version, run_id, record, language)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        (
            record.id,
            record.title,
            record.outlet,
            record.publisher,
            record.url,
            record.published,
            d.place,
            d.agency,
            None if d.consistent is None else int(d.consistent),
            to_json(d.as_dict()),
            record.text,
            record.source,
            now(),
            pipeline_version,
            run_id,
            to_json(record.as_dict()),
            record.language,
        ),
    )


def to_json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _span(span) -> tuple[int | None, int | None]:
    return (span[0], span[1]) if span else (None, None)


@register_writer
def write_removals(conn: sqlite3.Connection, record: ArticleRecord) -> None:
    conn.executemany(
        'INSERT INTO removals(article_id, seq, text, reason, start, "end", at) VALUES (?,?,?,?,?,?,?)',
        [(record.id, i, r.text, r.reason, *_span(r.span), r.at) for i, r in enumerate(record.removed)],
    )


@register_writer
def write_entities(conn: sqlite3.Connection, record: ArticleRecord) -> None:
    conn.executemany(
        """INSERT INTO entities(article_id, seq, text, type, label, start, "end", ref_id, name,
               lat, lon, country, feature, source, confidence)
           VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
        [
            (record.id, i, e.text, e.type, e.label, *_span(e.span), e.id, e.name, e.lat, e.lon,
             e.country, e.feature, e.source, e.confidence)
            for i, e in enumerate(record.entities)
        ],
    )


@register_writer
def write_outlet_regions(conn: sqlite3.Connection, record: ArticleRecord) -> None:
    from allegedly.nlp.place_home import outlet_key

    outlet = outlet_key(record.outlet, record.url)
    if outlet:
        conn.executemany("INSERT INTO outlet_regions(article_id, outlet, region) VALUES (?,?,?)",
                         [(record.id, outlet, r) for r in dict.fromkeys(record.regions)])


def outlet_homes(conn) -> dict[str, tuple[str, str]]:
    """Each outlet's home from the articles stored so far (what a run starts with)."""
    from allegedly.nlp.place_home import homes_from_rows

    return homes_from_rows(conn.execute("SELECT article_id, outlet, region FROM outlet_regions"))


@register_writer
def write_dateline_dates(conn: sqlite3.Connection, record: ArticleRecord) -> None:
    conn.executemany(
        'INSERT INTO dateline_dates(article_id, seq, text, calendar, iso, start, "end") VALUES (?,?,?,?,?,?,?)',
        [
            (record.id, i, m.text, m.calendar, m.iso, *_span(m.span))
            for i, m in enumerate(record.dateline.dates)
        ],
    )


# --- runs and errors -------------------------------------------------------------


def start_run(conn, *, pipeline_version: str | None, model: str | None, inputs: Iterable[str]) -> int:
    """A new row in ``runs`` held by this process; runs left 'running' by dead processes are closed first."""
    mark_stale_runs(conn)
    row = conn.execute(
        "INSERT INTO runs(started_at, pipeline_version, model, inputs, pid, host) VALUES (?, ?, ?, ?, ?, ?) "
        "RETURNING id",
        (now(), pipeline_version, model, to_json(list(inputs)), os.getpid(), socket.gethostname()),
    ).fetchone()
    return int(row[0])


def mark_stale_runs(conn) -> list[int]:
    """Mark 'killed' the runs still 'running' whose process is gone from this host.

    A process killed with SIGKILL (or a machine losing power) never finishes its
    run; its pid tells. Runs of other hosts, and runs from before migration 0007
    (no pid), are left alone: nothing here can know whether they still live.
    """
    host = socket.gethostname()
    rows = conn.execute("SELECT id, pid FROM runs WHERE status = 'running' AND host = ? AND pid IS NOT NULL",
                        (host,)).fetchall()
    dead = [run_id for run_id, pid in rows if not _alive(pid)]
    for run_id in dead:
        conn.execute("UPDATE runs SET status = 'killed', finished_at = ? WHERE id = ? AND status = 'running'",
                     (now(), run_id))
    return dead


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def finish_run(
    conn, run_id: int, *, stored: int, already_stored: int, errors: int, skipped: int, status: str = "done"
) -> None:
    conn.execute(
        """UPDATE runs SET finished_at = ?, stored = ?, already_stored = ?, errors = ?, skipped = ?,
               status = ? WHERE id = ?""",
        (now(), stored, already_stored, errors, skipped, status, run_id),
    )


def record_error(conn, source: str, problem: str, run_id: int | None = None) -> None:
    conn.execute(
        "INSERT INTO ingest_errors(run_id, source, problem, at) VALUES (?, ?, ?, ?)",
        (run_id, source, problem, now()),
    )
