"""The Spark runner end to end (NLP + clustering + store load), local[1] against local[2].

    python bench/spark_bench.py [--copies 4] [--masters local[1] local[2]] [--repeat 1] [--ingest]

The 120 Wikinews articles are written ``--copies`` times as JSON Lines (each copy with a
line of its own, so ids differ and the copies cluster into stories as near-duplicates).
Each master runs in a fresh process: the Spark session is started first (its time is
printed apart: about 10 s, paid once per job), then timed: the NLP stage into
``OUT/records``, the clustering stages into ``OUT/stories`` and ``OUT/event_clusters``, and
the bulk load into an empty SQLite store. ``--ingest`` adds ``allegedly ingest`` (one
process) on the same file for reference. Prints seconds per stage, articles/s and the
speed-up of the last master over the first, and checks that every run found the same
stories (story id → members).
"""
from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))


def write_dump(path: Path, copies: int) -> int:
    from allegedly.ingest.cat import read_cat_xml
    from conftest import wikinews_paths

    raws = [read_cat_xml(p) for p in wikinews_paths()]
    with path.open("w", encoding="utf-8") as fh:
        for k in range(copies):
            for r in raws:
                text = r.text + (f"\n(copy {k})" if k else "")
                fh.write(json.dumps({"title": r.title, "text": text, "published": r.published,
                                     "outlet": r.outlet}) + "\n")
    return len(raws) * copies


def stories_of(db: Path) -> dict[str, list[str]]:
    conn = sqlite3.connect(db)
    out: dict[str, list[str]] = {}
    for aid, sid in conn.execute("SELECT article_id, story_id FROM story_members ORDER BY seq"):
        out.setdefault(sid, []).append(aid)
    return out


def one(master: str, dump: str, work: str) -> dict:
    """One timed run in this process (called by the parent through a subprocess)."""
    from allegedly.settings import Settings
    from allegedly.spark import run
    from allegedly.spark.clustering import cluster
    from allegedly.spark.driver import session
    from allegedly.spark.load import load
    from allegedly.store import connect

    start = time.perf_counter()
    spark = session(master)
    spark.sparkContext.parallelize([0], 1).count()
    started = time.perf_counter() - start
    out, db = Path(work) / "out", Path(work) / "spark.db"
    db.unlink(missing_ok=True)
    cores = spark.sparkContext.defaultParallelism
    lines = sum(1 for _ in open(dump, encoding="utf-8"))
    t0 = time.perf_counter()
    run([dump], str(out), settings=Settings.from_env(), spark=spark, chunk_lines=max(1, lines // (cores * 4)))
    t1 = time.perf_counter()
    clustered = cluster(spark, str(out))
    t2 = time.perf_counter()
    conn = connect(db)
    summary = load(conn, str(out))
    conn.close()
    t3 = time.perf_counter()
    spark.stop()
    return {"master": master, "session": started, "nlp": t1 - t0, "cluster": t2 - t1, "load": t3 - t2,
            "total": t3 - t0, "stored": summary.stored, "stages": clustered.seconds,
            "stories": stories_of(db)}


def ingest(dump: str, work: str) -> dict:
    db = Path(work) / "ingest.db"
    db.unlink(missing_ok=True)
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "allegedly", "ingest", dump, "--db", str(db), "--workers", "1"],
                   check=True, capture_output=True)
    return {"master": "ingest (1 process)", "total": time.perf_counter() - t0, "stories": stories_of(db)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, default=4)
    ap.add_argument("--masters", nargs="+", default=["local[1]", "local[2]"])
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--ingest", action="store_true")
    ap.add_argument("--one", nargs=3, metavar=("MASTER", "DUMP", "WORK"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.one:
        print(json.dumps(one(*args.one)))
        return 0

    work = Path(tempfile.mkdtemp(prefix="allegedly-spark-bench-"))
    dump = work / "wikinews.jsonl"
    n = write_dump(dump, args.copies)
    results: dict[str, list[dict]] = {}
    for _ in range(args.repeat):
        for master in args.masters:
            proc = subprocess.run([sys.executable, __file__, "--one", master, str(dump), str(work)],
                                  check=True, capture_output=True, text=True)
            results.setdefault(master, []).append(json.loads(proc.stdout.strip().splitlines()[-1]))
            print(master, {k: round(v, 1) for k, v in results[master][-1].items() if isinstance(v, float)},
                  flush=True)
        if args.ingest:
            results.setdefault("ingest", []).append(ingest(str(dump), str(work)))
    print(f"{n} articles ({n // args.copies} Wikinews × {args.copies}); medians of {args.repeat} run(s)")
    print(f"{'run':20} {'session':>8} {'nlp':>7} {'cluster':>8} {'load':>6} {'total':>7} {'art/s':>7}")
    totals = {}
    for name, runs in results.items():
        med = {k: statistics.median(r[k] for r in runs) for k in ("session", "nlp", "cluster", "load", "total")
               if k in runs[0]}
        totals[name] = med["total"]
        cells = " ".join(f"{med[k]:8.1f}" if k in med else f"{'':>8}" for k in ("session", "nlp", "cluster", "load"))
        print(f"{name:20} {cells} {med['total']:7.1f} {n / med['total']:7.1f}")
        if "stages" in runs[0]:
            print(f"{'':20} clustering stages (s): {runs[-1]['stages']}")
    first, last = args.masters[0], args.masters[-1]
    print(f"speed-up {last} / {first} (end to end, session start excluded): {totals[first] / totals[last]:.2f}x")
    found = {name: runs[-1]["stories"] for name, runs in results.items()}
    reference = next(iter(found.values()))
    same = all(s == reference for s in found.values())
    print(f"stories: {len(reference)} for {n} articles; identical across runs: {same}")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
