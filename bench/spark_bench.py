"""The Spark runner against one process on the Wikinews corpus.

    python bench/spark_bench.py [--repeat 3] [--copies 4] [--master local[2]]

The 120 Wikinews articles are written ``--copies`` times as JSON Lines (copies get a
line of their own so their ids differ), then processed (a) in this process by
``Pipeline.process_many`` and (b) by ``allegedly.spark.run`` into Parquet, each the
median of ``--repeat`` runs. Spark's time includes starting its executors' Python
workers and loading the model in each; the session itself is started once, outside
the timing (about 10 s). Prints articles/s and the speed-up.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--copies", type=int, default=4)
    ap.add_argument("--master", default="local[2]")
    args = ap.parse_args(argv)

    from allegedly.ingest import read_inputs
    from allegedly.ingest.cat import read_cat_xml
    from allegedly.pipeline import Pipeline
    from allegedly.settings import Settings
    from allegedly.spark import run
    from allegedly.spark.driver import session
    from conftest import wikinews_paths

    raws = [read_cat_xml(p) for p in wikinews_paths()]
    tmp = Path(tempfile.mkdtemp(prefix="allegedly-spark-bench-"))
    dump = tmp / "wikinews.jsonl"
    with dump.open("w", encoding="utf-8") as fh:
        for k in range(args.copies):
            for r in raws:
                text = r.text + (f"\n(copy {k})" if k else "")
                fh.write(json.dumps({"title": r.title, "text": text, "published": r.published,
                                     "outlet": r.outlet}) + "\n")
    n = len(raws) * args.copies
    settings = Settings.from_env()
    pipeline = Pipeline(settings)
    spark = session(args.master)
    cores = spark.sparkContext.defaultParallelism

    def local() -> None:
        for _ in pipeline.process_many(read_inputs([str(dump)])):
            pass

    def spread() -> None:
        run([str(dump)], str(tmp / "out.parquet"), settings=settings, spark=spark, chunk_lines=max(1, n // (cores * 4)))

    timings = {}
    for name, fn in (("one process", local), (f"spark {args.master}", spread)):
        runs = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            fn()
            runs.append(time.perf_counter() - start)
        timings[name] = statistics.median(runs)
    print(f"{n} articles ({len(raws)} Wikinews × {args.copies}); medians of {args.repeat} runs; {cores} Spark cores")
    for name, secs in timings.items():
        print(f"{name:18} {n / secs:7.1f} articles/s  {secs:7.1f} s")
    local_s, spark_s = timings.values()
    print(f"speed-up spark/one process: {local_s / spark_s:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
