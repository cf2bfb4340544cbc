"""PySpark's Python daemon with the pipeline loaded before it forks the workers.

Spark starts one daemon per executor and forks a Python worker from it for each core
(``spark.python.worker.reuse`` keeps them for later tasks). Started with
``spark.python.daemon.module=allegedly.spark.daemon`` (``driver.session`` sets it), the
daemon loads the spaCy model, the gazetteer and the event tables once, by processing one
short built-in article, and every worker it forks inherits them: an executor with N cores
pays one load instead of N side by side, and the copies share their memory pages until
written (``gc.freeze`` keeps the collector from touching them). This is what ``allegedly
ingest --workers N`` does with its fork workers (allegedly/parallel.py).

The settings come from the driver in ``ALLEGEDLY_SPARK_SETTINGS`` (JSON, set as
``spark.executorEnv``); a worker whose task names other settings loads its own pipeline as
before. A failed preload only costs the time it took: the workers then load as they would
without it.
"""
from __future__ import annotations

import contextlib
import dataclasses
import gc
import json
import os
import sys

ENV = "ALLEGEDLY_SPARK_SETTINGS"
_WARM = ("On Monday, officials in Paris said the mayor of London, John Smith, had resigned, "
         "according to Reuters. \"We will not comment,\" a spokesman told reporters. Police later "
         "arrested two men after a protest near the parliament in Berlin, the BBC reported.")


def settings_json(settings) -> str:
    return json.dumps(dataclasses.asdict(settings))


def settings_from_json(text: str):
    from allegedly.settings import Settings

    values = json.loads(text)
    values["components"] = tuple(values["components"])
    values["language_models"] = tuple(tuple(p) for p in values["language_models"])
    return Settings(**values)


def preload() -> None:
    """Load what every task needs, in this (the daemon's) process."""
    from allegedly.cli import get_pipeline
    from allegedly.records import RawArticle
    from allegedly.settings import Settings
    from allegedly.spark.executor import feature_values
    import allegedly.spark.clustering  # noqa: F401 - the clustering stages' imports, for the same reason

    text = os.environ.get(ENV)
    settings = settings_from_json(text) if text else Settings.from_env()
    pipeline = get_pipeline(settings)
    raw = RawArticle(source="allegedly-spark-warm-up", text=_WARM, title="Mayor resigns", outlet="example.com")
    for outcome in pipeline.process_many([raw]):
        if outcome.record is not None:
            feature_values(outcome.record)


def main() -> None:
    # stdout carries the daemon's port to the JVM: nothing else may be written there
    try:
        with contextlib.redirect_stdout(sys.stderr):
            preload()
    except Exception as exc:  # noqa: BLE001 - the workers load on their own, as without the preload
        print(f"allegedly.spark.daemon: preload failed ({type(exc).__name__}: {exc}); workers load the pipeline "
              "themselves", file=sys.stderr)
    gc.collect()
    gc.freeze()  # the loaded objects stay out of every later collection: their pages stay shared
    from pyspark.daemon import manager

    manager()


if __name__ == "__main__":
    main()
