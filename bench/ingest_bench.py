"""Ingest throughput and memory on the Wikinews corpus, against bare nlp.pipe.

    python bench/ingest_bench.py [--repeat 3] [--components all|foundation]

Each mode runs in a fresh subprocess (so peak RSS is its own) and is repeated;
the figures printed are medians. Modes:

- bare:   spacy.load(model) + nlp.pipe(cleaned texts)          — the floor
- ingest: Pipeline.process_many + save into a fresh SQLite store — what `allegedly ingest` does

Model loading is timed apart from processing; articles/s counts processing only.
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


def run_bare(components: str) -> dict:
    import spacy

    from allegedly.clean import clean
    from allegedly.settings import Settings

    arts = _articles()
    texts = [clean(a.text)[0] for a in arts]
    t0 = time.perf_counter()
    nlp = spacy.load(Settings().model)
    t1 = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=16):
        pass
    t2 = time.perf_counter()
    return {"n": len(texts), "load_s": t1 - t0, "run_s": t2 - t1,
            "words": sum(len(t.split()) for t in texts)}


def run_ingest(components: str) -> dict:
    from allegedly.pipeline import Pipeline
    from allegedly.settings import Settings
    from allegedly.store import connect, save_record

    arts = _articles()
    settings = Settings.from_env()
    if components == "foundation":
        settings = Settings(model=settings.model, components=FOUNDATION, cache_dir=settings.cache_dir)
    t0 = time.perf_counter()
    pipe = Pipeline(settings)
    pipe.nlp  # load now, not inside the timed loop
    t1 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        conn = connect(os.path.join(tmp, "bench.db"))
        stored = errors = 0
        for outcome in pipe.process_many(arts):
            if outcome.record is not None:
                save_record(conn, outcome.record)
                stored += 1
            elif outcome.error is not None:
                errors += 1
        conn.close()
    t2 = time.perf_counter()
    return {"n": stored, "errors": errors, "load_s": t1 - t0, "run_s": t2 - t1}


def _child(mode: str, components: str) -> None:
    result = {"bare": run_bare, "ingest": run_ingest}[mode](components)
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def _spawn(mode: str, components: str) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", mode, "--components", components],
        check=True, capture_output=True, text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--components", choices=["all", "foundation"], default="all")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        _child(args.child, args.components)
        return
    runs: dict[str, list[dict]] = {"bare": [], "ingest": []}
    for _ in range(args.repeat):  # interleave so machine noise hits both modes alike
        for mode in runs:
            runs[mode].append(_spawn(mode, args.components))
    med = {m: {k: statistics.median(r[k] for r in rs) for k in ("run_s", "load_s", "peak_rss_mb")}
           for m, rs in runs.items()}
    n = runs["ingest"][0]["n"]
    words = runs["bare"][0]["words"]
    print(f"Wikinews corpus: {runs['bare'][0]['n']} articles, {words:,} words; "
          f"components={args.components}; medians of {args.repeat} runs")
    print(f"{'mode':<8}{'articles/s':>12}{'words/s':>10}{'run s':>8}{'load s':>8}{'peak RSS MB':>13}")
    for mode, m in med.items():
        count = runs[mode][0]["n"]
        print(f"{mode:<8}{count / m['run_s']:>12.1f}{words / m['run_s']:>10.0f}{m['run_s']:>8.2f}"
              f"{m['load_s']:>8.2f}{m['peak_rss_mb']:>13.0f}")
    print(f"ratio ingest/bare (time per article): {med['ingest']['run_s'] / med['bare']['run_s'] * runs['bare'][0]['n'] / n:.2f}x")
    print(f"stored {n}, errors {runs['ingest'][0]['errors']}")


if __name__ == "__main__":
    main()
