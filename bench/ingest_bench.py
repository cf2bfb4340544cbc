"""Ingest throughput against bare nlp.pipe, for 1 and N processes, on a small and a large input.

    python bench/ingest_bench.py [--workers 2] [--repeat 3] [--inputs small,large] [--large 240]
                                 [--components all|foundation]

Inputs (real news, read from ../shared; nothing is copied):
- small: the 120 Wikinews articles (34k words): one-time costs weigh on it;
- large: the same plus the first ``--large`` PolNeAR train articles (default 240: ~360 articles,
  ~180k words), where one-time costs amortise as on a daily firehose.

Each mode runs in a fresh subprocess (so peak RSS is its own) and the modes are interleaved
over the repeats, so machine noise hits them alike; the figures printed are medians. Modes:

- bare:      spacy.load(model) + nlp.pipe(cleaned texts, batch_size=16, n_process=P) — the floor for P
             processes: the same model and texts as ingest;
- ingest:    allegedly.parallel.process_many(workers=P) + store_outcomes into a fresh SQLite store
             (what `allegedly ingest --workers P` does; P=1 runs in process).

P is 1, and also --workers when it is above 1. Loading is timed apart ("load s"): for bare,
spacy.load; for ingest, the pipeline's model and tables (Pipeline.load: one warm-up article) and
the store's writers (one warm-up article saved into a throwaway in-memory store). The run time
of a P>1 mode includes starting its processes, since a user pays for that. "load+run" ratios are
printed too. Beside wall time, each run's CPU time (the process and its reaped children) is
printed: on a shared machine wall time is noise, CPU time is not. From CPU time, the speed-up
P workers could reach on P idle cores is bounded by cpu(1) / max(cpu(P) / P, parent cpu(P)).

Issue 16 targets: ingest with 2 workers >= 1.7x the one-worker rate, and ingest time <= 1.3x
bare time with the same number of processes.
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from allegedly.settings import DEFAULT_COMPONENTS  # noqa: E402

# The foundation (issue 2): everything up to merged entities, without claims and events.
FOUNDATION = tuple(c for c in DEFAULT_COMPONENTS if c not in ("allegedly_provenance", "allegedly_events"))


def _articles(which: str, large: int):
    from conftest import SHARED, wikinews_paths

    from allegedly.ingest import read_inputs
    from allegedly.ingest.cat import read_cat_xml
    from allegedly.records import RawArticle

    paths = wikinews_paths()
    if not paths:
        sys.exit("bench needs ../shared/corpus (the Wikinews CAT files); not found")
    arts = [read_cat_xml(p) for p in paths]
    if which == "large":
        polnear = sorted(glob.glob(str(SHARED / "eval" / "polnear" / "train" / "text" / "*.txt")))[:large]
        if len(polnear) < large:
            sys.exit(f"the large input needs {large} PolNeAR train articles in ../shared/eval/polnear; "
                     f"found {len(polnear)}")
        arts += [a for a in read_inputs(polnear) if isinstance(a, RawArticle)]
    return arts


def _settings(components: str):
    from allegedly.settings import Settings

    settings = Settings.from_env()
    if components == "foundation":
        settings = Settings(model=settings.model, components=FOUNDATION, cache_dir=settings.cache_dir)
    return settings


def _cpu() -> tuple[float, float]:
    """(this process, this process + its reaped children) CPU seconds."""
    t = os.times()
    return t.user + t.system, t.user + t.system + t.children_user + t.children_system


def run_bare(components: str, processes: int, which: str, large: int) -> dict:
    import spacy

    from allegedly.clean import clean

    texts = [clean(a.text)[0] for a in _articles(which, large)]
    t0 = time.perf_counter()
    nlp = spacy.load(_settings(components).model)
    t1, c1 = time.perf_counter(), _cpu()
    for _ in nlp.pipe(texts, batch_size=16, n_process=processes):
        pass
    t2, c2 = time.perf_counter(), _cpu()
    return {"n": len(texts), "load_s": t1 - t0, "run_s": t2 - t1, "cpu_s": c2[1] - c1[1],
            "parent_cpu_s": c2[0] - c1[0], "words": sum(len(t.split()) for t in texts)}


def run_ingest(components: str, processes: int, which: str, large: int) -> dict:
    from allegedly import parallel
    from allegedly.cli import get_pipeline
    from allegedly.pipeline import WARM_UP
    from allegedly.store import connect, save_record
    from allegedly.store.batch import store_outcomes

    arts = _articles(which, large)
    settings = _settings(components)
    t0 = time.perf_counter()
    pipeline = get_pipeline(settings).load()  # `ingest --workers N` loads it in the parent too, before forking
    scratch = connect(":memory:")
    save_record(scratch, pipeline.process(WARM_UP))  # the store's writers and their tables
    scratch.close()
    t1, c1 = time.perf_counter(), _cpu()
    chunk = parallel.chunk_size(processes, settings.batch_size, len(arts))
    with tempfile.TemporaryDirectory() as tmp:
        conn = connect(os.path.join(tmp, "bench.db"))
        outcomes = parallel.process_many(settings, arts, workers=processes, chunk=chunk)
        try:
            summary = store_outcomes(conn, outcomes)
        finally:
            outcomes.close()
        conn.close()
    t2, c2 = time.perf_counter(), _cpu()
    return {"n": summary.stored, "errors": summary.errors, "load_s": t1 - t0, "run_s": t2 - t1,
            "cpu_s": c2[1] - c1[1], "parent_cpu_s": c2[0] - c1[0]}


def _child(mode: str, components: str, processes: int, which: str, large: int) -> None:
    result = {"bare": run_bare, "ingest": run_ingest}[mode](components, processes, which, large)
    # the children's peak too: with P > 1 the work happens in them
    result["peak_rss_mb"] = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                                resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    print(json.dumps(result))


def _spawn(mode: str, components: str, processes: int, which: str, large: int) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", mode, "--components", components, "--workers", str(processes),
         "--inputs", which, "--large", str(large)],
        check=True, capture_output=True, text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


FIELDS = ("run_s", "load_s", "cpu_s", "parent_cpu_s", "peak_rss_mb")


def report(which: str, runs: dict, counts: list[int], args) -> None:
    med = {k: {f: statistics.median(r[f] for r in rs) for f in FIELDS} for k, rs in runs.items()}
    bare1 = runs[("bare", 1)][0]
    n = runs[("ingest", 1)][0]["n"]
    print(f"\n{which} input: {bare1['n']} articles, {bare1['words']:,} words; components={args.components}; "
          f"medians of {args.repeat} runs; cpu_count {os.cpu_count()}")
    print(f"{'mode':<24}{'articles/s':>11}{'run s':>8}{'load s':>8}{'CPU s':>8}{'parent CPU':>11}"
          f"{'CPU ms/art':>11}{'peak RSS MB':>12}")
    for (mode, p), m in med.items():
        label = f"nlp.pipe n_process={p}" if mode == "bare" else f"ingest, {p} worker{'s' * (p > 1)}"
        count = runs[(mode, p)][0]["n"]
        print(f"{label:<24}{count / m['run_s']:>11.1f}{m['run_s']:>8.2f}{m['load_s']:>8.2f}{m['cpu_s']:>8.2f}"
              f"{m['parent_cpu_s']:>11.2f}{1000 * m['cpu_s'] / count:>11.1f}{m['peak_rss_mb']:>12.0f}")
    per_article = bare1["n"] / n  # ingest may refuse an article bare reads
    for p in counts:
        i, b = med[("ingest", p)], med[("bare", p)]
        wall = i["run_s"] / b["run_s"] * per_article
        whole = (i["run_s"] + i["load_s"]) / (b["run_s"] + b["load_s"]) * per_article
        cpu = i["cpu_s"] / b["cpu_s"] * per_article
        print(f"ratio ingest/bare, {p} process{'es' * (p > 1)}: {wall:.2f}x wall (target <= 1.3); "
              f"load+run {whole:.2f}x; CPU {cpu:.2f}x")
    if len(counts) > 1:
        p = counts[-1]
        one, many = med[("ingest", 1)], med[("ingest", p)]
        speed = one["run_s"] / many["run_s"]
        bound = one["cpu_s"] / max(many["cpu_s"] / p, many["parent_cpu_s"])
        bare_speed = med[("bare", 1)]["run_s"] / med[("bare", p)]["run_s"]
        print(f"speed-up ingest {p} workers / 1 worker: {speed:.2f}x wall (target >= 1.7); "
              f"bound from CPU time on {p} idle cores {bound:.2f}x; bare nlp.pipe {bare_speed:.2f}x wall")
    print(f"stored {n}, errors {runs[('ingest', 1)][0]['errors']}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--workers", type=int, default=2, help="processes for the parallel modes (1: skip them)")
    ap.add_argument("--components", choices=["all", "foundation"], default="all")
    ap.add_argument("--inputs", default="small,large", help="small, large or both (comma-separated)")
    ap.add_argument("--large", type=int, default=240, help="PolNeAR train articles added for the large input")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        _child(args.child, args.components, args.workers, args.inputs, args.large)
        return
    counts = sorted({1, max(1, args.workers)})
    modes = [(m, p) for p in counts for m in ("bare", "ingest")]
    for which in [w.strip() for w in args.inputs.split(",") if w.strip()]:
        if which not in ("small", "large"):
            sys.exit(f"--inputs: {which!r} is neither small nor large")
        runs: dict[tuple[str, int], list[dict]] = {mode: [] for mode in modes}
        for _ in range(args.repeat):
            for mode, p in modes:
                runs[(mode, p)].append(_spawn(mode, args.components, p, which, args.large))
        report(which, runs, counts, args)


if __name__ == "__main__":
    main()
