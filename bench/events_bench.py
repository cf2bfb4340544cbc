"""Throughput of the full pipeline (with events) against bare spaCy on the Wikinews corpus.

    python bench/events_bench.py [--repeat 5] [--limit 120]

Prints, as medians of the repeats, the CPU time (``time.process_time``) and wall time of: bare
``nlp.pipe`` of the model over the cleaned texts; the full pipeline without ``allegedly_events``;
the full pipeline. Each repeat runs the three one after the other, so a burst of load hits all
three alike. The machine is shared: CPU time is the figure to quote (wall time moves with other
people's jobs; CPU time of this single process hardly does).

Two figures for the events stage (issue 13 target: ≤ 1.15× the pipeline without it):
- ``full / without events``: the two runs' CPU times, the issue's definition;
- ``stage share``: inside the full run, the CPU time spent in the events component itself,
  as ``full / (full − events)`` — measured within one run, so it holds under any load.
Issue 4's target: full pipeline within 1.5× of bare nlp.pipe.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))


def _timed(fn) -> tuple[float, float]:
    cpu, wall = time.process_time(), time.perf_counter()
    fn()
    return time.process_time() - cpu, time.perf_counter() - wall


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--limit", type=int, default=120)
    args = ap.parse_args(argv)

    import spacy

    import allegedly.events.component as component
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

    stage = [0.0]
    code_doc = component.code_doc

    def timed_code_doc(doc):  # the events component's own CPU time, inside the full run
        start = time.process_time()
        try:
            return code_doc(doc)
        finally:
            stage[0] += time.process_time() - start

    component.code_doc = timed_code_doc
    # warm up: load models, lexicons, gazetteers once
    list(bare.pipe(texts[:2]))
    list(full.process_many(raws[:2]))
    list(no_events.process_many(raws[:2]))

    runs: dict[str, list[tuple[float, float]]] = {"bare nlp.pipe": [], "pipeline without events": [], "full pipeline": []}
    shares, events = [], 0
    for _ in range(args.repeat):
        runs["bare nlp.pipe"].append(_timed(lambda: list(bare.pipe(texts, batch_size=settings.batch_size))))
        runs["pipeline without events"].append(_timed(lambda: list(no_events.process_many(raws))))
        out: list = []
        stage[0] = 0.0
        runs["full pipeline"].append(_timed(lambda: out.extend(full.process_many(raws))))
        shares.append(runs["full pipeline"][-1][0] / (runs["full pipeline"][-1][0] - stage[0]))
        events = sum(len(o.record.events) for o in out if o.record)
    cpu = {k: statistics.median(c for c, _ in v) for k, v in runs.items()}
    wall = {k: statistics.median(w for _, w in v) for k, v in runs.items()}
    print(f"{n} Wikinews articles, {sum(len(t) for t in texts):,} characters, {events} events; "
          f"median of {args.repeat} runs")
    for name in runs:
        print(f"  {name:<26} CPU {cpu[name]:6.2f} s ({n / cpu[name]:5.1f} articles/s)   wall {wall[name]:6.2f} s")
    print(f"  full / bare               {cpu['full pipeline'] / cpu['bare nlp.pipe']:.2f}x CPU, "
          f"{wall['full pipeline'] / wall['bare nlp.pipe']:.2f}x wall  (target <= 1.5x)")
    ratios = [f[0] / w[0] for f, w in zip(runs["full pipeline"], runs["pipeline without events"])]
    print(f"  full / without events     {cpu['full pipeline'] / cpu['pipeline without events']:.3f}x CPU "
          f"(per repeat {min(ratios):.2f}-{max(ratios):.2f}), "
          f"{wall['full pipeline'] / wall['pipeline without events']:.2f}x wall  (target <= 1.15x)")
    print(f"  events stage share        {statistics.median(shares):.3f}x  (full / (full - events component), "
          f"within each run; {min(shares):.3f}-{max(shares):.3f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
