"""The ``allegedly`` command line: thin click commands over plain functions.

Domain errors (AllegedlyError) become click errors with their message. More
commands come from the modules listed in ``COMMAND_MODULES``; each exposes a
``COMMANDS`` list of click commands and may use ``db_option``/``open_store``.
"""
from __future__ import annotations

import importlib
import json
import sys
from functools import wraps
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Iterable, Iterator

import click
from rich import box
from rich.console import Console
from rich.markup import escape
from rich.progress import (BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn,
                           TimeRemainingColumn)
from rich.table import Table
from rich.text import Text

from allegedly.errors import AllegedlyError, printable
from allegedly.settings import Settings
from allegedly.store import DEFAULT_DB, connect, finish_run, start_run, stored_ids
from allegedly.store import queries
from allegedly.store.batch import IngestSummary, store_outcomes
from allegedly.store.writers import outlet_homes

# Modules that add commands (export, stories, story …): one line each.
COMMAND_MODULES: list[str] = ["allegedly.export", "allegedly.stories.cli", "allegedly.web.cli", "allegedly.spark.cli",
                              "allegedly.collect.cli"]

EXIT_OK, EXIT_NOTHING, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
EXIT_CODES_HELP = (
    "\b\nExit codes:\n"
    "  0    at least one article was stored or found already stored (some inputs may\n"
    "       have failed: see stderr and the ingest_errors table)\n"
    "  1    nothing usable: no input found, every input failed, or a store error\n"
    "  2    usage error (unknown option, missing path)\n"
    "  130  interrupted (Ctrl-C); every article stored before that is kept"
)

try:
    __version__ = version("allegedly")
except PackageNotFoundError:  # running from a checkout that is not installed
    __version__ = "0+unknown"

_PIPELINES: dict = {}


def get_pipeline(settings: Settings):
    """One Pipeline per settings in this process (loading spaCy is the slow part)."""
    from allegedly.pipeline import Pipeline

    if settings not in _PIPELINES:
        _PIPELINES[settings] = Pipeline(settings)
    return _PIPELINES[settings]


def pipeline_version(pipeline) -> str:
    meta = pipeline.nlp.meta
    return f"allegedly {__version__}; {meta.get('lang', '')}_{meta.get('name', '')} {meta.get('version', '')}"


def domain_errors(fn):
    """Turn AllegedlyError into a clean click error (message, exit 1)."""

    @wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except AllegedlyError as exc:
            raise click.ClickException(str(exc)) from exc

    return wrapper


db_option = click.option(
    "--db",
    "db",
    default=DEFAULT_DB,
    show_default=True,
    envvar="ALLEGEDLY_DB",
    type=click.Path(dir_okay=False),
    help="SQLite store file, or a postgresql:// URL of a PostgreSQL database (env ALLEGEDLY_DB).",
)
workers_option = click.option(
    "--workers", type=click.IntRange(1, 256), default=None,
    help="Worker processes (default: all cores, or 1 when the input is under 2 batches per core or is stdin). "
         "Output is the same as with one worker, in input order.")
model_option = click.option(
    "--model", default=None, help="spaCy model package (default: settings / env ALLEGEDLY_MODEL)."
)


def open_store(db: str, *, must_exist: bool = False):
    from allegedly.store.postgres import is_url

    if is_url(db):  # a PostgreSQL database: the server says whether it exists
        return connect(db)
    if must_exist and db != ":memory:" and not Path(db).exists():
        raise click.ClickException(f"no store at {db}; run `allegedly ingest PATH --db {db}` first")
    folder = Path(db).parent
    if db != ":memory:" and not folder.is_dir():
        raise click.ClickException(f"cannot create the store {db}: the folder {folder} does not exist")
    return connect(db)


def read_inputs(paths: Iterable[str]):
    """Articles and per-input errors from files, folders and '-' (stdin)."""
    from allegedly.ingest import read_inputs as reader

    return reader(list(paths), stdin=sys.stdin.buffer)


def skipped_count(inputs) -> int:
    skipped = getattr(inputs, "skipped", 0)
    return skipped if isinstance(skipped, int) else len(skipped)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="allegedly")
def main() -> None:
    """allegedly: news articles → claims and events that know who said it."""


@main.command(epilog=EXIT_CODES_HELP)
@click.argument("paths", nargs=-1, required=True)
@db_option
@model_option
@click.option("--force", is_flag=True, help="Re-process and replace articles already in the store.")
@click.option("--batch-size", type=click.IntRange(1, 10_000), default=None, help="Articles per spaCy batch.")
@workers_option
@domain_errors
def ingest(paths, db, model, force, batch_size, workers):
    """Read PATHS (files, folders, '-' for stdin) into the store.

    Formats: .txt (first non-empty line is the title), .html/.htm (trafilatura),
    .jsonl ({"url","title","text"|"html","published","outlet"} a line) and
    SemEval/NewsReader CAT .xml. Folders are read recursively; other file types
    are counted as skipped. A file over 10 MB is refused (ALLEGEDLY_MAX_BYTES).

    Each article is committed as soon as it is done, so stopping the run loses
    nothing already stored. Articles already stored are skipped before the NLP
    pass unless --force is given.
    """
    err = Console(stderr=True, highlight=False)
    conn = open_store(db)
    pipeline = get_pipeline(Settings.from_env(model=model, batch_size=batch_size))
    version_text = pipeline_version(pipeline)
    run_id = start_run(conn, pipeline_version=version_text, model=pipeline.settings.model, inputs=paths)
    inputs = read_inputs(paths)
    skip = set() if force else stored_ids(conn)
    summary = IngestSummary()
    progress = _progress(err)
    from allegedly.progress import expected_articles

    expected = expected_articles(paths)
    task = progress.add_task("ingest", total=expected)  # None (no bar, no ETA) for stdin
    # Outlet homes from what the store held before this run, fixed for the whole run.
    homes = outlet_homes(conn) if pipeline.settings.outlet_homes else {}
    outcomes = _outcomes(pipeline.settings, inputs, skip, workers, expected, homes)

    def on_error(source: str, problem: str) -> None:
        progress.console.print(f"[red]error:[/red] {escape(printable(source))}: {escape(printable(problem))}",
                               soft_wrap=True)

    def on_warning(source: str, message: str) -> None:
        progress.console.print(f"[yellow]warning:[/yellow] {escape(printable(source))}: {escape(printable(message))}",
                               soft_wrap=True)

    def on_done(s: IngestSummary) -> None:
        progress.update(task, completed=s.processed + s.errors,
                        description=f"stored {s.stored} · already {s.already_stored} · errors {s.errors}")

    try:
        with progress:
            store_outcomes(conn, outcomes, replace=force, run_id=run_id,
                           pipeline_version=version_text, on_error=on_error, on_warning=on_warning,
                           on_done=on_done, summary=summary)
    except BaseException:
        _finish(conn, run_id, summary, inputs, "failed")  # what was stored stays; the run says it broke
        raise
    finally:
        outcomes.close()  # stops worker processes now (after Ctrl-C too), not at interpreter exit
    _finish(conn, run_id, summary, inputs, "interrupted" if summary.interrupted else "done")
    skipped_line = getattr(inputs, "skipped_line", lambda: "")()
    if skipped_line:
        err.print(skipped_line, soft_wrap=True, markup=False)
    err.print(summary.line(), soft_wrap=True)
    sys.exit(_exit_code(summary))


def _outcomes(settings: Settings, inputs, skip_ids, workers: int | None, expected: int | None,
              homes: dict | None = None):
    from allegedly import parallel

    n = parallel.choose_workers(workers, expected, settings.batch_size)
    return parallel.process_many(settings, inputs, skip_ids=skip_ids, workers=n,
                                 chunk=parallel.chunk_size(n, settings.batch_size, expected), homes=homes)


def _finish(conn, run_id: int, summary: IngestSummary, inputs, status: str) -> None:
    summary.skipped_files = skipped_count(inputs)
    finish_run(conn, run_id, stored=summary.stored, already_stored=summary.already_stored,
               errors=summary.errors, skipped=summary.skipped_files, status=status)


def _exit_code(s: IngestSummary) -> int:
    if s.interrupted:
        return EXIT_INTERRUPTED
    return EXIT_OK if s.processed else EXIT_NOTHING


def _progress(console: Console) -> Progress:
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    )


@main.command(epilog=EXIT_CODES_HELP.replace("stored or found already stored", "extracted"))
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl"]), default="json", show_default=True,
              help="json: one pretty array; jsonl: one record per line (streams, for big batches).")
@model_option
@click.option("--batch-size", type=click.IntRange(1, 10_000), default=None, help="Articles per spaCy batch.")
@workers_option
@domain_errors
def extract(paths, fmt, model, batch_size, workers):
    """Print the records for PATHS to stdout without storing them; errors go to stderr."""
    err = Console(stderr=True, highlight=False)
    pipeline = get_pipeline(Settings.from_env(model=model, batch_size=batch_size))
    ok = 0
    out = sys.stdout
    inputs = read_inputs(paths)
    from allegedly.progress import expected_articles

    outcomes = _outcomes(pipeline.settings, inputs, set(), workers, expected_articles(paths))
    try:
        for i, record in enumerate(_records(outcomes, err)):
            ok += 1
            if fmt == "jsonl":
                out.write(json.dumps(record.as_dict(), ensure_ascii=False) + "\n")
            else:
                body = json.dumps(record.as_dict(), ensure_ascii=False, indent=2)
                out.write(("[\n" if i == 0 else ",\n") + _indent(body))
            out.flush()
    finally:
        outcomes.close()  # stops worker processes now (after Ctrl-C or a closed pipe too)
    if fmt == "json":
        out.write("\n]\n" if ok else "[]\n")
    if skipped_count(inputs):
        err.print(inputs.skipped_line(), markup=False)
    sys.exit(EXIT_OK if ok else EXIT_NOTHING)


class _records:
    """Iterate the records of a run, printing each error to stderr as it comes."""

    def __init__(self, outcomes, err: Console):
        self.outcomes = outcomes
        self.err = err
        self.errors = 0

    def __iter__(self) -> Iterator:
        for outcome in self.outcomes:
            if outcome.error is not None:
                self.errors += 1
                self.err.print(f"error: {printable(outcome.source)}: {printable(outcome.error.problem)}",
                               markup=False, soft_wrap=True)
            elif outcome.record is not None:
                for w in outcome.warnings:
                    self.err.print(f"warning: {printable(outcome.source)}: {printable(w)}", markup=False,
                                   soft_wrap=True)
                yield outcome.record


def _indent(text: str) -> str:
    return "\n".join("  " + line for line in text.splitlines())


@main.command()
@click.argument("ref")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the stored record as JSON instead.")
@domain_errors
def show(ref, db, as_json):
    """Show one article: REF is an id, an id prefix, or the source file's name or stem."""
    from allegedly.show import show as render

    conn = open_store(db, must_exist=True)
    record = queries.get_article(conn, ref)
    if as_json:
        click.echo(json.dumps(record.as_dict(), ensure_ascii=False, indent=2))
        return
    render(record, Console())


@main.command()
@click.argument("query")
@db_option
@click.option("--limit", type=click.IntRange(1, 1000), default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the hits as JSON Lines.")
@domain_errors
def search(query, db, limit, as_json):
    """Full-text search over titles and texts: plain words (phrase matches first) or FTS5 syntax; exit 1 if nothing matches."""
    conn = open_store(db, must_exist=True)
    rows = queries.search(conn, query, limit=limit)
    if not rows:
        click.echo(f"no article matches {query!r}", err=True)
        sys.exit(EXIT_NOTHING)
    if as_json:
        _json_lines(rows)
        return
    table = _article_table("snippet")
    for r in rows:
        snippet = Text(" ".join(r["snippet"].split()))
        snippet.highlight_regex(r"\[[^\]]*\]", "bold yellow")
        table.add_row(*_cells(r["id"], r["published"], r["publisher"] or r["outlet"], r["title"]), snippet)
    Console().print(table)


def _json_lines(rows: list[dict]) -> None:
    for row in rows:
        click.echo(json.dumps(row, ensure_ascii=False))


def _article_table(last: str | None) -> Table:
    table = Table("id", "published", "outlet", "title", box=box.SIMPLE_HEAD, pad_edge=False)
    if last:
        table.add_column(last)
    table.columns[0].no_wrap = True  # ids are copied into `allegedly show`
    table.columns[1].no_wrap = True
    return table


def _cells(*values) -> list[Text]:
    # Text, not str: titles may hold "[...]" that rich would read as markup.
    return [Text(str(v) if v is not None else "") for v in values]


@main.command(name="list")
@db_option
@click.option("--limit", type=click.IntRange(1, 100_000), default=50, show_default=True)
@click.option("--outlet", default=None, help="Only this outlet or publisher.")
@click.option("--json", "as_json", is_flag=True, help="Print the rows as JSON Lines.")
@domain_errors
def list_(db, limit, outlet, as_json):
    """List stored articles, newest first."""
    conn = open_store(db, must_exist=True)
    rows = queries.list_articles(conn, limit=limit, outlet=outlet)
    if as_json:
        _json_lines(rows)
        return
    console = Console()
    wide = console.width >= 110  # the source column only where it fits; --json has it always
    table = _article_table("source" if wide else None)
    for r in rows:
        cells = [r["id"], r["published"], r["publisher"] or r["outlet"], r["title"]]
        table.add_row(*_cells(*cells, *([_file_name(r["source"])] if wide else [])))
    console.print(table)


def _file_name(source: str | None) -> str | None:
    # "data/x.jsonl:3" → "x.jsonl:3": the folder is in --json, the table needs the width.
    if source and "://" in source:
        return source  # a collected URL: its last segment alone would say nothing
    return source.replace("\\", "/").rsplit("/", 1)[-1] if source else source


@main.command()
@db_option
@click.option("--run", "run_id", type=int, default=None, help="Only this run's errors (see `allegedly stats`).")
@click.option("--limit", type=click.IntRange(1, 100_000), default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the errors as JSON Lines.")
@domain_errors
def errors(db, run_id, limit, as_json):
    """Inputs that could not be read or processed, newest first."""
    conn = open_store(db, must_exist=True)
    rows = queries.recent_errors(conn, limit=limit, run_id=run_id)
    if as_json:
        _json_lines(rows)
        return
    if not rows:
        click.echo("no errors recorded" + (f" for run {run_id}" if run_id is not None else ""))
        return
    table = Table("run", "at", "source", "problem", box=box.SIMPLE_HEAD, pad_edge=False)
    table.columns[1].no_wrap = True
    for r in rows:
        at = (r["at"] or "")[:16].replace("T", " ")
        table.add_row(*_cells(r["run_id"], at, printable(_file_name(r["source"]) or ""), printable(r["problem"])))
    Console().print(table)


@main.command()
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@domain_errors
def stats(db, as_json):
    """Rows per table, entity types, outlets and the last runs."""
    conn = open_store(db, must_exist=True)
    figures = queries.stats(conn)
    if as_json:
        click.echo(json.dumps(figures, indent=2))
        return
    console = Console()
    from allegedly.store.postgres import redact

    console.print(f"[bold]{redact(db)}[/bold]  schema version {figures['schema_version']}")
    console.print(_two_columns("table", "rows", figures["tables"]))
    if figures["entity_types"]:
        console.print(_two_columns("entity type", "mentions", figures["entity_types"]))
    if figures["runs"]:
        runs = Table("run", "started", "status", "new", "dupes", "err", "model",
                     title="last runs", title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
        runs.columns[1].no_wrap = True
        runs.columns[-1].no_wrap = True
        for r in figures["runs"]:
            started = (r["started_at"] or "")[:16].replace("T", " ")
            runs.add_row(str(r["id"]), started, *(str(r[k] if r[k] is not None else "") for k in
                         ("status", "stored", "already_stored", "errors", "model")))
        console.print(runs)


def _two_columns(left: str, right: str, values: dict) -> Table:
    table = Table(left, right, box=box.SIMPLE_HEAD, pad_edge=False)
    for k, v in values.items():
        table.add_row(str(k), str(v))
    return table


def _load_command_modules() -> None:
    for module in COMMAND_MODULES:
        for command in importlib.import_module(module).COMMANDS:
            main.add_command(command)


_load_command_modules()
