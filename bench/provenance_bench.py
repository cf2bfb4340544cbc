"""Added cost of allegedly_provenance per article, as a ratio to the pipeline without it.

    python bench/provenance_bench.py [N]     # N Wikinews articles (default all 120)
Prints median seconds per article with and without the component and their ratio.
"""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from allegedly.ingest.cat import read_cat_xml  # noqa: E402
from allegedly.pipeline import Pipeline  # noqa: E402
from conftest import wikinews_paths  # noqa: E402


def per_article(pipeline: Pipeline, raws, disable: bool) -> list[float]:
    nlp = pipeline.nlp
    times = []
    for raw in raws:
        prepared = pipeline.prepare(raw)
        t0 = time.perf_counter()
        if disable:
            with nlp.select_pipes(disable=["allegedly_provenance"]):
                nlp(prepared.doc)
        else:
            nlp(prepared.doc)
        times.append(time.perf_counter() - t0)
    return times


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else None
    raws = [read_cat_xml(p) for p in wikinews_paths()[:n]]
    pipeline = Pipeline()
    per_article(pipeline, raws[:3], False)  # warm-up
    without = statistics.median(per_article(pipeline, raws, True))
    with_ = statistics.median(per_article(pipeline, raws, False))
    print(f"articles: {len(raws)}")
    print(f"median s/article without provenance: {without:.4f}")
    print(f"median s/article with provenance:    {with_:.4f}")
    print(f"ratio: {with_ / without:.3f} (added {100 * (with_ / without - 1):.1f}%)")


if __name__ == "__main__":
    main()
