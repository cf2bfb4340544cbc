"""Places over the 120 Wikinews articles: what gets grounded, a sample to check by eye, costs.

    python eval/places_corpus.py [--sample 40] [--seed 7] [--repeats 3] [--cache-dir DIR]

Prints the number of place mentions, distinct places, the share grounded in
one of the article's context countries, a seeded random sample of mentions
with their grounding (judge them by eye), then costs: gazetteer build time
(fresh cache dir) and cached load time (each in a fresh process), RSS added by
the loaded index, and the added time per article vs the same pipeline
without allegedly_places (medians over repeats; the machine is shared).
"""
from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

# The actor dictionary runs before places as in the default pipeline: its spans ('Cisco'
# the company) are never place candidates. Without it 'Cisco' became Cisco, Texas here.
BASE = ("allegedly_protect_acronyms", "allegedly_line_breaks", "model", "allegedly_actors")

_PROBE = r"""
import json, sys, time
def rss():
    return int(open('/proc/self/statm').read().split()[1]) * 4096 / 2**20
import allegedly.gazetteer as G
before = rss()
t = time.perf_counter()
g = G.load_or_build(sys.argv[1])
secs = time.perf_counter() - t
print(json.dumps({"source": g.info["source"], "seconds": secs, "rss_added_mb": rss() - before,
                  "places": len(g), "names": len(g._index)}))
"""


def probe(cache_dir: str) -> dict:
    import json

    out = subprocess.run([sys.executable, "-c", _PROBE, cache_dir], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def prepared_docs(pipeline, articles):
    return [pipeline.prepare(raw).doc for raw in articles]


def run_places(cache_dir: str, articles):
    from allegedly.pipeline import Pipeline
    from allegedly.settings import Settings

    pipe = Pipeline(Settings(cache_dir=cache_dir, components=BASE + ("allegedly_places",)))
    docs = list(pipe.nlp.pipe(prepared_docs(pipe, articles)))
    return docs


def report_mentions(docs, articles, sample: int, seed: int) -> None:
    mentions = []
    for doc, raw in zip(docs, articles):
        countries = set(doc._.context.countries)
        for e in doc._.place_entities or []:
            mentions.append((raw, doc, e, e.country in countries))
    distinct = {e.id for _, _, e, _ in mentions}
    in_ctx = sum(1 for *_, c in mentions if c)
    warnings = sum(len(d._.warnings or []) for d in docs)
    print(f"articles {len(docs)}  place mentions {len(mentions)}  distinct places {len(distinct)}  "
          f"warnings {warnings}")
    if mentions:
        print(f"grounded in a context country: {in_ctx}/{len(mentions)} = {in_ctx / len(mentions):.1%}")
    feats = Counter(e.feature for _, _, e, _ in mentions)
    print("by feature:", dict(feats.most_common()))
    rng = random.Random(seed)
    print(f"\nsample of {min(sample, len(mentions))} mentions (seed {seed}):")
    for raw, doc, e, c in sorted(rng.sample(mentions, min(sample, len(mentions))), key=lambda m: m[2].span):
        s, t = e.span
        left = doc.text[max(0, s - 40):s].replace("\n", " ")
        right = doc.text[t:t + 30].replace("\n", " ")
        print(f"- …{left}[{e.text}]{right}…\n    → {e.name} ({e.country}, {e.feature}, {e.id}) "
              f"conf {e.confidence} label {e.label} ctx {'+' if c else '-'}{doc._.context.countries[:3]}"
              f"  [{Path(raw.source).name}]")


def timed_pair(cache_dir, articles, repeats):
    """Median seconds for the corpus without and with allegedly_places, runs
    interleaved so both see the same machine load."""
    from allegedly.pipeline import Pipeline
    from allegedly.settings import Settings

    pipes = {
        "without": Pipeline(Settings(cache_dir=cache_dir, components=BASE)),
        "with": Pipeline(Settings(cache_dir=cache_dir, components=BASE + ("allegedly_places",))),
    }
    for pipe in pipes.values():
        list(pipe.nlp.pipe(prepared_docs(pipe, articles[:5])))  # warm: model + gazetteer loaded
    times = {name: [] for name in pipes}
    for _ in range(repeats):
        for name, pipe in pipes.items():
            docs = prepared_docs(pipe, articles)
            t = time.perf_counter()
            list(pipe.nlp.pipe(docs))
            times[name].append(time.perf_counter() - t)
    return statistics.median(times["without"]), statistics.median(times["with"])


def component_only(docs_cache_dir, articles, repeats):
    """The places component alone on docs the model already parsed (less noise)."""
    from allegedly.pipeline import Pipeline
    from allegedly.settings import Settings

    pipe = Pipeline(Settings(cache_dir=docs_cache_dir, components=BASE + ("allegedly_places",)))
    comp = pipe.nlp.get_pipe("allegedly_places")
    base = Pipeline(Settings(cache_dir=docs_cache_dir, components=BASE))
    docs = list(base.nlp.pipe(prepared_docs(base, articles)))
    comp(docs[0])
    per = []
    for _ in range(repeats):
        t = time.perf_counter()
        for d in docs:
            comp(d)
        per.append((time.perf_counter() - t) / len(docs))
    return statistics.median(per)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sample", type=int, default=40)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--cache-dir", default=None, help="reuse this cache dir (default: a fresh temp dir)")
    args = ap.parse_args()

    from conftest import wikinews_paths
    from allegedly.ingest.cat import read_cat_xml

    articles = [read_cat_xml(p) for p in wikinews_paths()]
    if not articles:
        sys.exit("no Wikinews corpus found (needs ../shared/corpus)")
    cache_dir = args.cache_dir or tempfile.mkdtemp(prefix="allegedly-gaz-")

    first = probe(cache_dir)
    second = probe(cache_dir)
    docs = run_places(cache_dir, articles)
    report_mentions(docs, articles, args.sample, args.seed)

    print("\ncosts (2 shared cores; medians)")
    print(f"gazetteer first load: {first['source']} in {first['seconds']:.1f}s; "
          f"cached load: {second['source']} in {second['seconds']:.2f}s; "
          f"index: {second['places']:,} places, {second['names']:,} names, "
          f"RSS added {second['rss_added_mb']:.0f} MB")
    without, with_places = timed_pair(cache_dir, articles, args.repeats)
    n = len(articles)
    print(f"pipeline without places {without / n * 1000:.1f} ms/article, with {with_places / n * 1000:.1f} "
          f"ms/article: added {(with_places - without) / n * 1000:.1f} ms/article "
          f"({(with_places / without - 1):+.1%})")
    alone = component_only(cache_dir, articles, args.repeats)
    print(f"allegedly_places alone on parsed docs: {alone * 1000:.2f} ms/article")


if __name__ == "__main__":
    main()
