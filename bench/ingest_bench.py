"""Ingest throughput and memory on the Wikinews corpus, against bare nlp.pipe, for 1 and N processes.

    python bench/ingest_bench.py [--workers 2] [--repeat 3] [--components all|foundation]

Each mode runs in a fresh subprocess (so peak RSS is its own) and the modes are interleaved
over the repeats, so machine noise hits them alike; the figures printed are medians. Modes:

- bare:      spacy.load(model) + nlp.pipe(cleaned texts, n_process=P)      — the floor for P processes
- ingest:    allegedly.parallel.process_many(workers=P) + save into a fresh SQLite store
             (what `allegedly ingest --workers P` does; P=1 runs in process)

P is 1, and also --workers when it is above 1. Model loading in the parent is timed apart; the run
time of a P>1 mode includes starting its processes (and for ingest each worker's pipeline), since a
user pays for that. Issue 16 targets: ingest with 2 workers >= 1.7x the one-worker rate, and ingest
time <= 1.3x bare time with the same number of processes.
"""
from __future__ import annotations

import argparse
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


def _articles():
    from conftest import wikinews_paths

    from allegedly.ingest.cat import read_cat_xml

    paths = wikinews_paths()
    if not paths:
        sys.exit("bench needs ../shared/corpus (the Wikinews CAT files); not found")
    return [read_cat_xml(p) for p in paths]


def _settings(components: str):
    from allegedly.settings import Settings

    settings = Settings.from_env()
    if components == "foundation":
        settings = Settings(model=settings.model, components=FOUNDATION, cache_dir=settings.cache_dir)
    return settings


def run_bare(components: str, processes: int) -> dict:
    import spacy

    from allegedly.clean import clean

    texts = [clean(a.text)[0] for a in _articles()]
    t0 = time.perf_counter()
    nlp = spacy.load(_settings(components).model)
    t1 = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=16, n_process=processes):
        pass
    t2 = time.perf_counter()
    return {"n": len(texts), "load_s": t1 - t0, "run_s": t2 - t1,
            "words": sum(len(t.split()) for t in texts)}


def run_ingest(components: str, processes: int) -> dict:
    from allegedly import parallel
    from allegedly.cli import get_pipeline
    from allegedly.store import connect, save_record

    arts = _articles()
    settings = _settings(components)
    t0 = time.perf_counter()
    get_pipeline(settings).nlp  # load now, not inside the timed loop (--workers N loads it in the parent too)
    t1 = time.perf_counter()
    chunk = parallel.chunk_size(processes, settings.batch_size, len(arts))
    stored = errors = 0
    with tempfile.TemporaryDirectory() as tmp:
        conn = connect(os.path.join(tmp, "bench.db"))
        for outcome in parallel.process_many(settings, arts, workers=processes, chunk=chunk):
            if outcome.record is not None:
                save_record(conn, outcome.record)
                stored += 1
            elif outcome.error is not None:
                errors += 1
        conn.close()
    t2 = time.perf_counter()
    return {"n": stored, "errors": errors, "load_s": t1 - t0, "run_s": t2 - t1}


def _child(mode: str, components: str, processes: int) -> None:
    result = {"bare": run_bare, "ingest": run_ingest}[mode](components, processes)
    # the children's peak too: with P > 1 the work happens in them
    result["peak_rss_mb"] = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                                resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    print(json.dumps(result))


def _spawn(mode: str, components: str, processes: int) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", mode, "--components", components, "--workers", str(processes)],
        check=True, capture_output=True, text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--workers", type=int, default=2, help="processes for the parallel modes (1: skip them)")
    ap.add_argument("--components", choices=["all", "foundation"], default="all")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        _child(args.child, args.components, args.workers)
        return
    counts = sorted({1, max(1, args.workers)})
    modes = [(m, p) for p in counts for m in ("bare", "ingest")]
    runs: dict[tuple[str, int], list[dict]] = {mode: [] for mode in modes}
    for _ in range(args.repeat):
        for mode, p in modes:
            runs[(mode, p)].append(_spawn(mode, args.components, p))
    med = {k: {f: statistics.median(r[f] for r in rs) for f in ("run_s", "load_s", "peak_rss_mb")}
           for k, rs in runs.items()}
    n = runs[("ingest", 1)][0]["n"]
    words = runs[("bare", 1)][0]["words"]
    print(f"Wikinews corpus: {runs[('bare', 1)][0]['n']} articles, {words:,} words; components={args.components}; "
          f"medians of {args.repeat} runs; cpu_count {os.cpu_count()}")
    print(f"{'mode':<24}{'articles/s':>12}{'words/s':>10}{'run s':>8}{'load s':>8}{'peak RSS MB':>13}")
    for (mode, p), m in med.items():
        label = f"nlp.pipe n_process={p}" if mode == "bare" else f"ingest, {p} worker{'s' * (p > 1)}"
        count = runs[(mode, p)][0]["n"]
        print(f"{label:<24}{count / m['run_s']:>12.1f}{words / m['run_s']:>10.0f}{m['run_s']:>8.2f}"
              f"{m['load_s']:>8.2f}{m['peak_rss_mb']:>13.0f}")
    per_article = runs[("bare", 1)][0]["n"] / n  # ingest may refuse an article bare reads
    for p in counts:
        ratio = med[("ingest", p)]["run_s"] / med[("bare", p)]["run_s"] * per_article
        print(f"ratio ingest/bare, {p} process{'es' * (p > 1)} (time per article): {ratio:.2f}x (target <= 1.3)")
    if len(counts) > 1:
        p = counts[-1]
        speed = med[("ingest", 1)]["run_s"] / med[("ingest", p)]["run_s"]
        print(f"speed-up ingest {p} workers / 1 worker: {speed:.2f}x (target >= 1.7)")
    print(f"stored {n}, errors {runs[('ingest', 1)][0]['errors']}")


if __name__ == "__main__":
    main()
