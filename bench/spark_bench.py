"""The Spark runner end to end (NLP + clustering + store load), local[1] against local[2].

    python bench/spark_bench.py [--copies 4 [16 ...]] [--masters local[1] local[2]] [--repeat 1] [--ingest]

The 120 Wikinews articles are written ``--copies`` times as JSON Lines (each copy with a
line of its own, so ids differ and the copies cluster into stories as near-duplicates);
several ``--copies`` measure several sizes (480 articles is small enough that Spark's fixed
costs per job and per stage weigh; a real cluster's input is far larger). Each master runs
in a fresh process: the Spark session is started first and timed apart (JVM, Python daemon,
which loads the model once, see allegedly/spark/daemon.py: paid once per job), then timed:
the NLP stage into ``OUT/records``, the clustering stages into ``OUT/stories`` and
``OUT/event_clusters``, and the bulk load into an empty SQLite store. ``--ingest`` adds
``allegedly ingest`` (one process) on the same file for reference. Prints wall and CPU
seconds per stage (CPU summed over the driver, the JVM and the Python workers: on a shared
machine the wall clock says little, CPU shows what two cores add), articles/s, the speed-up
of the last master over the first with and without the session start, and checks that
every run found the same stories (story id → members).
"""
from __future__ import annotations

import argparse
import json
import os
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


def tree_cpu(split: bool = False):
    """CPU seconds used so far by this process and everything under it (the Spark JVM, its
    Python daemon and workers), exited children included: the figure that does not depend on
    what else the machine runs. ``split``: a dict driver / jvm / python (daemon and workers)."""
    tick = os.sysconf("SC_CLK_TCK")
    parent, spent, name = {}, {}, {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                head, tail = fh.read().rsplit(")", 1)
            fields = tail.split()
        except OSError:
            continue  # exited meanwhile
        pid = int(entry)
        parent[pid] = int(fields[1])
        spent[pid] = sum(int(v) for v in fields[11:15]) / tick  # utime, stime, cutime, cstime
        name[pid] = head.split("(", 1)[-1]
    me, parts = os.getpid(), {"driver": 0.0, "jvm": 0.0, "python": 0.0}
    for pid, used in spent.items():
        p = pid
        while p > 1 and p != me:
            p = parent.get(p, 0)
        if p == me:
            parts["driver" if pid == me else "jvm" if name[pid] == "java" else "python"] += used
    return parts if split else sum(parts.values())


def one(master: str, dump: str, work: str) -> dict:
    """One timed run in this process (called by the parent through a subprocess)."""
    from allegedly.settings import Settings
    from allegedly.spark import run
    from allegedly.spark.clustering import cluster
    from allegedly.spark.driver import session
    from allegedly.spark.load import load
    from allegedly.store import connect

    settings = Settings.from_env()
    marks = [(time.perf_counter(), tree_cpu(split=True))]

    def mark() -> None:
        marks.append((time.perf_counter(), tree_cpu(split=True)))

    spark = session(master, settings)
    spark.sparkContext.parallelize([0], 1).count()  # starts the JVM, the Python daemon (it loads the model)
    mark()
    out, db = Path(work) / "out", Path(work) / "spark.db"
    db.unlink(missing_ok=True)
    run([dump], str(out), settings=settings, spark=spark)  # as `allegedly spark`: 4 tasks per core
    mark()
    clustered = cluster(spark, str(out), cpu_clock=tree_cpu)
    mark()
    conn = connect(db)
    summary = load(conn, str(out))
    conn.close()
    mark()
    spark.stop()
    names = ("session", "nlp", "cluster", "load")
    wall = {k: b[0] - a[0] for k, a, b in zip(names, marks, marks[1:])}
    cpu = {f"{k}_cpu": sum(b[1].values()) - sum(a[1].values()) for k, a, b in zip(names, marks, marks[1:])}
    split = {k: {p: round(b[1][p] - a[1][p], 1) for p in a[1]} for k, a, b in zip(names, marks, marks[1:])}
    return {"master": master, **wall, "total": marks[-1][0] - marks[1][0], **cpu,
            "total_cpu": sum(marks[-1][1].values()) - sum(marks[1][1].values()), "stored": summary.stored,
            "stages": clustered.seconds, "stages_cpu": clustered.cpu, "cpu_split": split, "stories": stories_of(db)}


def ingest(dump: str, work: str) -> dict:
    db = Path(work) / "ingest.db"
    db.unlink(missing_ok=True)
    t0, c0 = time.perf_counter(), _children_cpu()
    subprocess.run([sys.executable, "-m", "allegedly", "ingest", dump, "--db", str(db), "--workers", "1"],
                   check=True, capture_output=True)
    return {"master": "ingest (1 process)", "total": time.perf_counter() - t0, "total_cpu": _children_cpu() - c0,
            "stories": stories_of(db)}


def _children_cpu() -> float:
    import resource

    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def report(n: int, copies: int, results: dict[str, list[dict]], masters: list[str], repeat: int) -> bool:
    print(f"\n{n} articles ({n // copies} Wikinews × {copies}); medians of {repeat} run(s); wall s / CPU s "
          "(CPU: driver + JVM + Python workers)")
    keys = ("session", "nlp", "cluster", "load", "total")
    print(f"{'run':20} " + " ".join(f"{k:>13}" for k in keys) + f" {'art/s':>7}")
    med: dict[str, dict[str, float]] = {}
    for name, runs in results.items():
        med[name] = {k: statistics.median(r[k] for r in runs) for k in runs[0] if isinstance(runs[0][k], float)}
        m = med[name]
        cells = " ".join(f"{m[k]:6.1f}/{m[k + '_cpu']:6.1f}" if k + "_cpu" in m else
                         (f"{m[k]:6.1f}{'':7}" if k in m else f"{'':>13}") for k in keys)
        print(f"{name:20} {cells} {n / m['total']:7.1f}")
        if "stages" in runs[0]:
            print(f"{'':20} clustering stages (wall s, last run): {runs[-1]['stages']}")
            print(f"{'':20} clustering stages (CPU s, last run):  {runs[-1]['stages_cpu']}")
            print(f"{'':20} CPU s by process (last run): {runs[-1]['cpu_split']}")
    first, last = masters[0], masters[-1]
    a, b = med[first], med[last]
    print(f"speed-up {last} / {first}, end to end (NLP + clustering + load, session start excluded): "
          f"{a['total'] / b['total']:.2f}x (NLP {a['nlp'] / b['nlp']:.2f}x, clustering "
          f"{a['cluster'] / b['cluster']:.2f}x, load {a['load'] / b['load']:.2f}x)")
    print(f"speed-up {last} / {first}, session start included: "
          f"{(a['total'] + a['session']) / (b['total'] + b['session']):.2f}x")
    print(f"CPU {last} / {first} end to end: {b['total_cpu'] / a['total_cpu']:.2f} "
          "(1.00: two cores add no work; the wall-clock speed-up needs an idle machine)")
    found = {name: runs[-1]["stories"] for name, runs in results.items()}
    reference = next(iter(found.values()))
    same = all(s == reference for s in found.values())
    print(f"stories: {len(reference)} for {n} articles; identical across runs: {same}", flush=True)
    return same


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, nargs="+", default=[4],
                    help="one or more input sizes (Wikinews copies); each is measured and reported")
    ap.add_argument("--masters", nargs="+", default=["local[1]", "local[2]"])
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--ingest", action="store_true")
    ap.add_argument("--one", nargs=3, metavar=("MASTER", "DUMP", "WORK"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.one:
        print(json.dumps(one(*args.one)))
        return 0

    work = Path(tempfile.mkdtemp(prefix="allegedly-spark-bench-"))
    same = True
    for copies in args.copies:
        dump = work / f"wikinews-{copies}.jsonl"
        n = write_dump(dump, copies)
        results: dict[str, list[dict]] = {}
        for _ in range(args.repeat):
            for master in args.masters:
                proc = subprocess.run([sys.executable, __file__, "--one", master, str(dump), str(work)],
                                      check=True, capture_output=True, text=True)
                results.setdefault(master, []).append(json.loads(proc.stdout.strip().splitlines()[-1]))
                print(n, master, {k: round(v, 1) for k, v in results[master][-1].items() if isinstance(v, float)},
                      flush=True)
            if args.ingest:
                results.setdefault("ingest", []).append(ingest(str(dump), str(work)))
        same = report(n, copies, results, args.masters, args.repeat) and same
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
