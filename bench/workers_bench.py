"""Ingest with worker processes against one worker and against bare nlp.pipe(n_process=N).

    python bench/workers_bench.py [--workers 2] [--repeat 1]

Each mode runs in a fresh subprocess on the Wikinews corpus (../shared/corpus). Modes:

- one:     Pipeline.process_many in process + save into a fresh SQLite store (what --workers 1 does)
- workers: allegedly.parallel.process_many(workers=N) + the same saving (what --workers N does)
- bare:    spacy.load(model) + nlp.pipe(cleaned texts, n_process=N) — the floor for N processes

The parent's model load is timed apart; the run time of 'workers' and 'bare' includes starting
their N processes (and, for 'workers', each loading the pipeline), since a user pays for that.
Issue 16 targets: workers ≥ 1.7× one, and workers time ≤ 1.3× bare time.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))


def _articles():
    from conftest import wikinews_paths

    from allegedly.ingest.cat import read_cat_xml

    paths = wikinews_paths()
    if not paths:
        sys.exit("bench needs ../shared/corpus (the Wikinews CAT files); not found")
    return [read_cat_xml(p) for p in paths]


def run_bare(workers: int) -> dict:
    import spacy

    from allegedly.clean import clean
    from allegedly.settings import Settings

    texts = [clean(a.text)[0] for a in _articles()]
    t0 = time.perf_counter()
    nlp = spacy.load(Settings().model)
    t1 = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=16, n_process=workers):
        pass
    return {"n": len(texts), "load_s": t1 - t0, "run_s": time.perf_counter() - t1}


def run_ingest(workers: int) -> dict:
    from allegedly import parallel
    from allegedly.cli import get_pipeline
    from allegedly.settings import Settings
    from allegedly.store import connect, save_record

    arts = _articles()
    settings = Settings.from_env()
    t0 = time.perf_counter()
    get_pipeline(settings).nlp  # the parent's own copy: --workers N loads it too (for the run's version)
    t1 = time.perf_counter()
    chunk = parallel.chunk_size(workers, settings.batch_size, len(arts))
    stored = errors = 0
    with tempfile.TemporaryDirectory() as tmp:
        conn = connect(os.path.join(tmp, "bench.db"))
        for outcome in parallel.process_many(settings, arts, workers=workers, chunk=chunk):
            if outcome.record is not None:
                save_record(conn, outcome.record)
                stored += 1
            elif outcome.error is not None:
                errors += 1
        conn.close()
    return {"n": stored, "errors": errors, "load_s": t1 - t0, "run_s": time.perf_counter() - t1}


def _spawn(mode: str, workers: int) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", mode, "--workers", str(workers)],
                         check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        fn, n = {"one": (run_ingest, 1), "workers": (run_ingest, args.workers), "bare": (run_bare, args.workers)}[
            args.child]
        print(json.dumps(fn(n)))
        return
    runs: dict[str, list[dict]] = {"one": [], "workers": [], "bare": []}
    for _ in range(args.repeat):  # interleaved so machine noise hits every mode alike
        for mode in runs:
            runs[mode].append(_spawn(mode, args.workers))
    med = {m: statistics.median(r["run_s"] for r in rs) for m, rs in runs.items()}
    n = runs["one"][0]["n"]
    rate = {m: runs[m][0]["n"] / med[m] for m in runs}
    print(f"Wikinews corpus: {n} articles stored; {args.workers} workers; medians of {args.repeat} runs "
          f"(cpu_count {os.cpu_count()})")
    print(f"{'mode':<22}{'articles/s':>12}{'run s':>9}")
    labels = {"one": "ingest, 1 worker", "workers": f"ingest, {args.workers} workers",
              "bare": f"nlp.pipe n_process={args.workers}"}
    for mode in runs:
        print(f"{labels[mode]:<22}{rate[mode]:>12.2f}{med[mode]:>9.2f}")
    print(f"speed-up {args.workers} workers / 1 worker: {rate['workers'] / rate['one']:.2f}x (target >= 1.7)")
    print(f"time {args.workers} workers / bare n_process={args.workers}: {med['workers'] / med['bare']:.2f}x "
          f"(target <= 1.3)")


if __name__ == "__main__":
    main()
