"""Throughput of the full pipeline (with events) against bare spaCy on the Wikinews corpus.

    python bench/events_bench.py [--repeat 3] [--limit 120]

Prints articles/s (median of the repeats) for: bare ``nlp.pipe`` of the model over
the cleaned texts; the full pipeline without ``allegedly_events``; the full pipeline;
and the ratios full/bare and full/without-events. The machine is shared and noisy:
quote medians. Target (issue 4): full pipeline within 1.5x of bare nlp.pipe.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--limit", type=int, default=120)
    args = ap.parse_args(argv)

    import spacy

    from allegedly.clean import clean
    from allegedly.ingest.cat import read_cat_xml
    from allegedly.pipeline import Pipeline
    from allegedly.settings import DEFAULT_COMPONENTS, Settings
    from conftest import wikinews_paths

    paths = wikinews_paths()[: args.limit]
    if not paths:
        print("no Wikinews corpus found (needs ../shared/corpus)", file=sys.stderr)
        return 2
    raws = [read_cat_xml(p) for p in paths]
    texts = [clean(r.text)[0] for r in raws]
    n = len(raws)
    settings = Settings.from_env()
    bare = spacy.load(settings.model)
    full = Pipeline(settings)
    no_events = Pipeline(Settings.from_env(components=tuple(c for c in DEFAULT_COMPONENTS if c != "allegedly_events")))
    # warm up: load models, lexicons, gazetteers once
    list(bare.pipe(texts[:2]))
    list(full.process_many(raws[:2]))
    list(no_events.process_many(raws[:2]))

    runs = {"bare nlp.pipe": [], "pipeline without events": [], "full pipeline": []}
    events = 0
    for _ in range(args.repeat):
        runs["bare nlp.pipe"].append(_timed(lambda: list(bare.pipe(texts, batch_size=settings.batch_size))))
        runs["pipeline without events"].append(_timed(lambda: list(no_events.process_many(raws))))
        out: list = []
        runs["full pipeline"].append(_timed(lambda: out.extend(full.process_many(raws))))
        events = sum(len(o.record.events) for o in out if o.record)
    med = {k: statistics.median(v) for k, v in runs.items()}
    print(f"{n} Wikinews articles, {sum(len(t) for t in texts):,} characters, {events} events; "
          f"median of {args.repeat} runs")
    for name, secs in med.items():
        print(f"  {name:<26} {n / secs:7.1f} articles/s   ({secs:.2f} s)")
    print(f"  full / bare               {med['full pipeline'] / med['bare nlp.pipe']:.2f}x  (target <= 1.5x)")
    print(f"  events stage cost         {med['full pipeline'] / med['pipeline without events']:.2f}x of the pipeline without it")
    return 0


if __name__ == "__main__":
    sys.exit(main())
