"""Store a stream of pipeline Outcomes: one commit per article, errors recorded.

This is the loop behind ``allegedly ingest``, kept free of terminal code so a
web endpoint or a script can run it too. Callbacks report progress as it
happens; the counts come back in an ``IngestSummary``.
"""
from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass, field
from typing import Callable, Iterable

from allegedly.errors import StoreError, safe_text
from allegedly.store.writers import record_error, save_record

ALREADY = "already stored as "


@dataclass
class IngestSummary:
    stored: int = 0
    already_stored: int = 0
    errors: int = 0
    skipped_files: int = 0
    interrupted: bool = False
    started: float = field(default_factory=time.perf_counter)
    finished: float | None = None

    @property
    def processed(self) -> int:
        """Articles that made it through: newly stored or found already stored."""
        return self.stored + self.already_stored

    @property
    def seconds(self) -> float:
        return (self.finished or time.perf_counter()) - self.started

    @property
    def rate(self) -> float:
        return self.processed / self.seconds if self.seconds > 0 else 0.0

    def line(self) -> str:
        text = (
            f"stored {self.stored}, already stored {self.already_stored}, errors {self.errors}, "
            f"skipped files {self.skipped_files} — {self.rate:.1f} articles/s over {self.seconds:.1f} s"
        )
        return ("interrupted: " + text) if self.interrupted else text


def store_outcomes(
    conn: sqlite3.Connection,
    outcomes: Iterable,
    *,
    replace: bool = False,
    run_id: int | None = None,
    pipeline_version: str | None = None,
    on_error: Callable[[str, str], None] = lambda source, problem: None,
    on_warning: Callable[[str, str], None] = lambda source, message: None,
    on_done: Callable[[IngestSummary], None] = lambda summary: None,
    summary: IngestSummary | None = None,
    exclude: tuple = (),
) -> IngestSummary:
    """Save every record in ``outcomes`` (pipeline.Outcome); errors go to ingest_errors.

    A writer failing on one article rolls back that article alone and is
    counted as its error; writers in ``exclude`` are not run. KeyboardInterrupt stops the loop with what is stored
    kept, and marks the summary interrupted.
    """
    s = summary or IngestSummary()
    saved_at = s.stored
    try:
        for outcome in outcomes:
            _store_one(conn, outcome, s, replace, run_id, pipeline_version, on_error, on_warning, exclude)
            on_done(s)
            if s.stored - saved_at >= SAVE_STATE_EVERY:
                _save_state(conn)
                saved_at = s.stored
    except KeyboardInterrupt:
        s.interrupted = True
    finally:
        if s.stored > saved_at:
            _save_state(conn)
    s.finished = time.perf_counter()
    return s


SAVE_STATE_EVERY = 20_000  # stored articles between saves of the clustering indexes (a crash replays at most this many)


def _save_state(conn: sqlite3.Connection) -> None:
    """Save the story and event indexes so the next run starts from them (store/index_state.py)."""
    from allegedly.store.stories import save_state

    try:
        save_state(conn)
    except sqlite3.Error:  # a run that stored its articles is not failed by a state it could not save
        pass


def _store_one(conn, outcome, s, replace, run_id, pipeline_version, on_error, on_warning, exclude=()) -> None:
    if outcome.error is not None:
        _error(conn, s, outcome.source, outcome.error.problem, run_id, on_error)
        return
    if outcome.record is None:
        if any(w.startswith(ALREADY) for w in outcome.warnings):
            s.already_stored += 1
        return
    for w in outcome.warnings:
        on_warning(outcome.source, w)
    try:
        saved = save_record(conn, outcome.record, replace=replace, run_id=run_id,
                            pipeline_version=pipeline_version, exclude=exclude)
    except sqlite3.OperationalError as exc:
        if _store_in_trouble(exc):
            raise StoreError(f"the store failed while saving {outcome.source}: {exc}") from exc
        _error(conn, s, outcome.source, f"could not be stored: {exc}", run_id, on_error)
        return
    except Exception as exc:  # noqa: BLE001 - a writer bug on one article is that article's error
        _error(conn, s, outcome.source, f"could not be stored: {type(exc).__name__}: {exc}", run_id, on_error)
        return
    if saved:
        s.stored += 1
    else:
        s.already_stored += 1


def _store_in_trouble(exc: sqlite3.OperationalError) -> bool:
    # Locked, full or read-only, or (PostgreSQL) the server gone: every later article would fail the same way.
    msg = str(exc).lower()
    return any(w in msg for w in ("locked", "disk", "readonly", "read-only", "full", "connection", "server closed",
                                  "terminating"))


def _error(conn, s: IngestSummary, source: str, problem: str, run_id, on_error) -> None:
    source, problem = safe_text(source), safe_text(problem)  # SQLite takes no lone surrogates
    s.errors += 1
    record_error(conn, source, problem, run_id)
    on_error(source, problem)
