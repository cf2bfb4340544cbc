"""The driver side: plan the units, run them on Spark, store the results."""
from __future__ import annotations

import json
import os
import shutil
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from allegedly.errors import AllegedlyError, InputError
from allegedly.pipeline import Outcome
from allegedly.records import ArticleRecord
from allegedly.settings import Settings
from allegedly.spark.executor import COLUMNS, FEATURE_COLUMNS, process_units
from allegedly.spark.units import plan


class SparkError(AllegedlyError):
    pass


@dataclass
class SparkRun:
    out: str
    units: int
    partitions: int
    skipped: int  # files left out of folders (not an article format)
    skipped_line: str


def session(master: str, settings: Settings | None = None):
    """A Spark session on ``master``; under ``spark-submit`` the one it configured (its
    --master, Python and JVM options win, and ``master`` is ignored). The executors' Python
    daemon loads the pipeline for ``settings`` (default: from the environment) once and forks
    the workers from it (spark/daemon.py)."""
    from allegedly.spark.daemon import ENV, settings_json

    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise SparkError("pyspark is not installed; pip install 'allegedly[spark]'") from exc
    submitted = "PYSPARK_GATEWAY_PORT" in os.environ  # spark-submit started the JVM already
    if not submitted:
        if not (os.environ.get("JAVA_HOME") or shutil.which("java")):
            raise SparkError("Spark needs Java 17 or later: put java on PATH or set JAVA_HOME")
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # executors import this allegedly
        os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
        logging = Path(__file__).with_name("log4j2.properties")
        # A local run's JVM mostly moves bytes between the Python workers and Parquet: the C2
        # compiler and G1's threads cost it about twice the CPU (taken from the workers' cores)
        # for no gain at this size. PYSPARK_SUBMIT_ARGS set beforehand wins.
        jvm = f"-Dlog4j2.configurationFile={logging.as_uri()} -XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
        os.environ.setdefault("PYSPARK_SUBMIT_ARGS", f'--driver-java-options "{jvm}" pyspark-shell')
    builder = (SparkSession.builder.appName("allegedly").config("spark.ui.showConsoleProgress", "false")
               .config("spark.python.daemon.module", "allegedly.spark.daemon")
               .config("spark.python.worker.reuse", "true")  # Spark's default; the preload relies on it
               .config(f"spark.executorEnv.{ENV}", settings_json(settings or Settings.from_env())))
    if not submitted:
        builder = builder.master(master).config("spark.ui.enabled", "false")
    with warnings.catch_warnings():  # pyspark warns about pandas 3, which it never uses here
        warnings.simplefilter("ignore", FutureWarning)
        spark = builder.getOrCreate()
    return spark


def run(paths: list[str], out: str, *, settings: Settings, master: str = "local[*]",
        partitions: int | None = None, chunk_lines: int = 200, skip_ids: frozenset[str] = frozenset(),
        spark=None, homes: dict | None = None) -> SparkRun:
    """Process ``paths`` on Spark into the Parquet dataset ``OUT/records`` (``out`` is replaced if it exists).
    Tasks: ``partitions``, or 4 per core; a JSON Lines file is cut into at least as many chunks."""
    spark = spark or session(master, settings)
    sc = spark.sparkContext
    units, counter = plan(paths, chunk_lines, spread=partitions or sc.defaultParallelism * 4)
    if not units:
        raise InputError(", ".join(paths), "no article files found")
    n = partitions or min(len(units), sc.defaultParallelism * 4)
    skip, fixed = sc.broadcast(skip_ids), sc.broadcast(dict(homes or {}))  # outlet homes: the same in every task
    rows = sc.parallelize(units, n).mapPartitionsWithIndex(
        lambda i, it: process_units(settings, skip.value, it, i, fixed.value))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        spark.createDataFrame(rows, record_schema()).write.mode("overwrite").parquet(f"{out}/records")
    return SparkRun(out, len(units), n, counter.skipped, counter.skipped_line())


def record_schema():
    from pyspark.sql.types import BinaryType, IntegerType, LongType, StringType, StructField, StructType

    types = {"part": IntegerType(), "pos": LongType(), "size": IntegerType(), "bag_size": IntegerType(),
             "day": IntegerType(), "text_sig": BinaryType(), "bag_sig": BinaryType(), "passages": BinaryType(),
             "embedding": BinaryType()}
    fields = [StructField(c, StringType(), c in ("id", "record", "error")) for c in COLUMNS]
    fields += [StructField(c, types.get(c, StringType()), c not in ("part", "pos")) for c in FEATURE_COLUMNS]
    return StructType(fields)


def outcomes(out: str) -> Iterator[Outcome]:
    """The rows of a run's records (``OUT/records``) as pipeline Outcomes, in input order, a batch
    at a time (each task wrote one part file, its rows in input order)."""
    import pyarrow.dataset as ds

    parts = sorted(Path(out, "records").glob("part-*.parquet"))
    if not parts:
        raise SparkError(f"{out}: no records/part-*.parquet files; is it the output of `allegedly spark`?")
    for batch in ds.dataset([str(p) for p in parts], format="parquet").to_batches(columns=list(COLUMNS)):
        for row in batch.to_pylist():
            warnings = json.loads(row["warnings"] or "[]")
            if row["error"]:
                yield Outcome(row["source"], error=InputError(row["source"], row["error"]), warnings=warnings)
            elif row["record"]:
                yield Outcome(row["source"], record=ArticleRecord.from_dict(json.loads(row["record"])),
                              warnings=warnings)
            else:
                yield Outcome(row["source"], warnings=warnings)


def store_parquet(conn, out: str, **kwargs):
    """Store a run's records: the same loop as ``allegedly ingest`` (one commit per article)."""
    from allegedly.store.batch import store_outcomes

    return store_outcomes(conn, outcomes(out), **kwargs)


__all__ = ["SparkError", "SparkRun", "outcomes", "run", "session", "store_parquet"]
