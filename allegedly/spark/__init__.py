"""Distributed runs on Apache Spark: NLP and story clustering on the executors (docs/spark.md).

    allegedly spark PATH... --out DIR [--db allegedly.db] [--master local[*]]

The executors read their share of the inputs (files, and JSON Lines files cut into chunks)
and run the same pipeline as ``allegedly ingest``; each record comes back as its JSON
contract with its story features in ``DIR/records``. The clustering stages (blocking keys,
verification, per-story analysis) run on the executors too and write ``DIR/stories`` and
``DIR/event_clusters``: the stories ``ingest`` finds on the same inputs. With ``--db`` an
empty store is loaded from those datasets in bulk; a store holding articles takes the
records through ingest's loop, so its stories grow from what it holds.
"""
from __future__ import annotations

from allegedly.spark.driver import run, store_parquet

__all__ = ["run", "store_parquet"]
