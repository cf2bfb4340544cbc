"""Added cost of allegedly_provenance per article, as a ratio to the foundation pipeline.

    python bench/provenance_bench.py [--limit N] [--repeat 3]

For each article the foundation pipeline (everything before provenance; events off)
runs on a fresh doc and is timed, then the provenance component alone is timed on that
same parsed doc. Timing both on the same doc, back to back, keeps machine noise from
landing on one side only (timing two whole passes one after the other gave ratios
below 1). The headline's own claims (a title apart from the body, as the Wikinews CAT
files give it: provenance/headline.py reads the title through the components up to
provenance) count as provenance's cost. Prints median ms per article for each, and the
ratio of the totals.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from allegedly.ingest.cat import read_cat_xml  # noqa: E402
from allegedly.pipeline import Pipeline  # noqa: E402
from allegedly.provenance.headline import headline_claims  # noqa: E402
from conftest import wikinews_paths  # noqa: E402

COMPONENT = "allegedly_provenance"


def paired_times(pipeline: Pipeline, raws) -> list[tuple[float, float]]:
    nlp = pipeline.nlp
    component = nlp.get_pipe(COMPONENT)
    later = nlp.pipe_names[nlp.pipe_names.index(COMPONENT):]
    out = []
    for raw in raws:
        doc = pipeline.prepare(raw).doc
        with nlp.select_pipes(disable=later):
            t0 = time.perf_counter()
            doc = nlp(doc)
            t1 = time.perf_counter()
        component(doc)
        t2 = time.perf_counter()
        headline_claims(nlp, raw.title or "", doc)
        t3 = time.perf_counter()
        out.append((t1 - t0, t2 - t1, t3 - t2))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    paths = wikinews_paths()[: args.limit]
    if not paths:
        sys.exit("bench needs ../shared/corpus (the Wikinews CAT files); not found")
    raws = [read_cat_xml(p) for p in paths]
    pipeline = Pipeline()
    paired_times(pipeline, raws[:3])  # warm-up: model, gazetteer, lexicons
    runs = [paired_times(pipeline, raws) for _ in range(args.repeat)]
    base = [statistics.median(r[i][0] for r in runs) for i in range(len(raws))]
    prov = [statistics.median(r[i][1] for r in runs) for i in range(len(raws))]
    head = [statistics.median(r[i][2] for r in runs) for i in range(len(raws))]
    print(f"articles: {len(raws)}, medians of {args.repeat} runs per article")
    print(f"foundation pipeline  median {1000 * statistics.median(base):7.1f} ms/article")
    print(f"provenance component median {1000 * statistics.median(prov):7.1f} ms/article")
    print(f"headline claims      median {1000 * statistics.median(head):7.1f} ms/article")
    ratio = (sum(base) + sum(prov) + sum(head)) / sum(base)
    print(f"ratio (foundation + provenance + headline) / foundation: {ratio:.3f} (added {100 * (ratio - 1):.1f}%)")


if __name__ == "__main__":
    main()
