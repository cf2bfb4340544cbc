"""``allegedly spark``: the ingest job spread over a Spark cluster (or local cores)."""
from __future__ import annotations

import sys

import click
from rich.console import Console

from allegedly.cli import EXIT_OK, _exit_code, _finish, db_option, domain_errors, model_option, open_store


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--out", required=True, help="Folder for the Parquet datasets (records, assignment, stories, "
              "event_clusters; each replaced if it exists).")
@click.option("--db", "db", default=None, help="Also store the records in this store: an SQLite file or a postgresql:// URL "
              "(stories included).")
@click.option("--master", default="local[*]", show_default=True, help="Spark master URL.")
@click.option("--partitions", type=click.IntRange(1), default=None, help="Tasks (default: 4 per core).")
@click.option("--chunk-lines", type=click.IntRange(1), default=200, show_default=True,
              help="JSON Lines files are cut into chunks of about equal bytes: one per this many lines, and at least "
              "one per task.")
@model_option
@domain_errors
def spark(paths, out, db, master, partitions, chunk_lines, model):
    """Process PATHS on Spark into Parquet datasets of records, stories and event clusters,
    and with --db into the store.

    Executors run the same pipeline as `allegedly ingest` (each loads the model once),
    then the story clustering stages; the stories equal those ingest finds on the same
    inputs in the same order. An empty --db is loaded in bulk from the Parquet datasets;
    a store already holding articles takes the records through ingest's loop instead, so
    its stories grow from what it holds. Articles already in --db are skipped before the
    NLP pass.
    """
    from allegedly.settings import Settings
    from allegedly.spark import run, store_parquet
    from allegedly.spark.clustering import cluster
    from allegedly.spark.driver import session
    from allegedly.spark.load import is_empty, load
    from allegedly.store import stored_ids

    err = Console(stderr=True, highlight=False)
    conn = open_store(db) if db else None
    skip = frozenset(stored_ids(conn)) if conn is not None else frozenset()
    settings = Settings.from_env(model=model)
    from allegedly.store.writers import outlet_homes  # fixed for the run, as in `allegedly ingest`

    homes = outlet_homes(conn) if conn is not None and settings.outlet_homes else {}
    spark_session = session(master, settings)
    done = run(list(paths), out, settings=settings, master=master, partitions=partitions,
               chunk_lines=chunk_lines, skip_ids=skip, spark=spark_session, homes=homes)
    err.print(f"wrote {done.out}/records ({done.units} units in {done.partitions} tasks)", soft_wrap=True)
    if done.skipped_line:
        err.print(done.skipped_line, soft_wrap=True, markup=False)
    clustered = cluster(spark_session, out)
    err.print(f"clustered {clustered.articles} articles: {clustered.stories} stories, "
              f"{clustered.event_clusters} event clusters ({clustered.edges} pairs verified) → {out}/stories, {out}/event_clusters", soft_wrap=True)
    if conn is None:
        sys.exit(EXIT_OK)

    def on_error(source: str, problem: str) -> None:
        err.print(f"error: {source}: {problem}", markup=False, soft_wrap=True)

    from allegedly.store import start_run
    from allegedly.store.batch import IngestSummary

    run_id = start_run(conn, pipeline_version=None, model=settings.model, inputs=paths)
    summary = IngestSummary()
    bulk = is_empty(conn)
    try:
        if bulk:
            load(conn, out, on_error=on_error, run_id=run_id, summary=summary)
        else:
            store_parquet(conn, out, on_error=on_error, run_id=run_id, summary=summary)
    except BaseException:
        _finish(conn, run_id, summary, done, "failed")  # what was stored stays; the run says it broke
        raise
    _finish(conn, run_id, summary, done, "interrupted" if summary.interrupted else "done")
    err.print(summary.line(), soft_wrap=True)
    sys.exit(_exit_code(summary))


COMMANDS = [spark]
