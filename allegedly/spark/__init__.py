"""Distributed runs on Apache Spark: the NLP stages on the executors, the store on the driver.

    allegedly spark PATH... --out runs/records.parquet [--db allegedly.db] [--master local[*]]

The executors read their share of the inputs (files, and JSON Lines files cut into chunks)
and run the same pipeline as ``allegedly ingest``; each record comes back as its JSON
contract in a Parquet dataset (one row per input: source, id, record, error, warnings),
which DuckDB, pandas and Spark read as it is. With ``--db`` the driver then streams that
dataset into the SQLite store through the same loop as ingest, so story clustering, which
needs every article, runs once and in input order.
"""
from __future__ import annotations

from allegedly.spark.driver import run, store_parquet

__all__ = ["run", "store_parquet"]
