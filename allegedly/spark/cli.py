"""``allegedly spark``: the ingest job spread over a Spark cluster (or local cores)."""
from __future__ import annotations

import sys

import click
from rich.console import Console

from allegedly.cli import EXIT_OK, _exit_code, _finish, db_option, domain_errors, model_option, open_store


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--out", required=True, help="Parquet dataset to write (a folder; replaced if it exists).")
@click.option("--db", "db", default=None, help="Also store the records in this store: an SQLite file or a postgresql:// URL (stories included).")
@click.option("--master", default="local[*]", show_default=True, help="Spark master URL.")
@click.option("--partitions", type=click.IntRange(1), default=None, help="Tasks (default: 4 per core).")
@click.option("--chunk-lines", type=click.IntRange(1), default=200, show_default=True,
              help="JSON Lines files are cut into chunks of this many lines.")
@model_option
@domain_errors
def spark(paths, out, db, master, partitions, chunk_lines, model):
    """Process PATHS on Spark into a Parquet dataset of records, and with --db into the store.

    Executors run the same pipeline as `allegedly ingest` (each loads the model once);
    the driver then stores the records in input order, so stories are clustered as
    ingest would. Articles already in --db are skipped before the NLP pass.
    """
    from allegedly.settings import Settings
    from allegedly.spark import run, store_parquet
    from allegedly.store import stored_ids

    err = Console(stderr=True, highlight=False)
    conn = open_store(db) if db else None
    skip = frozenset(stored_ids(conn)) if conn is not None else frozenset()
    settings = Settings.from_env(model=model)
    done = run(list(paths), out, settings=settings, master=master, partitions=partitions,
               chunk_lines=chunk_lines, skip_ids=skip)
    err.print(f"wrote {done.out} ({done.units} units in {done.partitions} tasks)", soft_wrap=True)
    if done.skipped_line:
        err.print(done.skipped_line, soft_wrap=True, markup=False)
    if conn is None:
        sys.exit(EXIT_OK)

    def on_error(source: str, problem: str) -> None:
        err.print(f"error: {source}: {problem}", markup=False, soft_wrap=True)

    from allegedly.store import start_run
    from allegedly.store.batch import IngestSummary

    run_id = start_run(conn, pipeline_version=None, model=settings.model, inputs=paths)
    summary = IngestSummary()
    try:
        store_parquet(conn, out, on_error=on_error, run_id=run_id, summary=summary)
    except BaseException:
        _finish(conn, run_id, summary, done, "failed")  # what was stored stays; the run says it broke
        raise
    _finish(conn, run_id, summary, done, "interrupted" if summary.interrupted else "done")
    err.print(summary.line(), soft_wrap=True)
    sys.exit(_exit_code(summary))


COMMANDS = [spark]
