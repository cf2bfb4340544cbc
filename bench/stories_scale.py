"""Story clustering at scale: time and peak memory for 10k and 100k synthetic articles.

    python bench/stories_scale.py [--sizes 10000 100000] [--repeat 3] [--events] [--per-day 2000]

Articles are synthesised cheaply from the Wikinews sentences (no spaCy): each story
is 8-16 sentences drawn from the whole corpus with its numbers re-rolled, then 0-3
syndicated copies (noise lines) or rewrites (reordered, paraphrased, "according to")
follow. Each size runs in a fresh process so its peak RSS is its own. Clustering
is `StoryIndex.add(features(record))` per article, exactly what ingest does;
pairwise precision/recall against the generator's labels is printed as a check.
``--events`` adds the event clusters as ingest places them (the content proposes a cluster,
the story index links, the family's cluster wins). ``--per-day N`` dates the articles, N a
day, so the event index's time window retires old clusters (what the window saves).
"""
from __future__ import annotations

import argparse
import json
import random
import re
import resource
import statistics
import subprocess
import sys
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "eval"))

from build_story_corpus import NOISE, OUTLETS, body_sentences, load_wikinews, paraphrase  # noqa: E402

from allegedly.records import ArticleRecord  # noqa: E402
from allegedly.stories.features import features  # noqa: E402
from allegedly.stories.clusters import EventIndex, event_features  # noqa: E402
from allegedly.stories.index import StoryIndex  # noqa: E402

_NUM = re.compile(r"\d+")


def sentence_pool() -> list[str]:
    return [s for raw in load_wikinews() for s in body_sentences(raw.text) if len(s.split()) >= 6]


def synthesise(n: int, seed: int = 1, per_day: int = 0):
    """(record, story label) pairs, n in all, in arrival order."""
    rng = random.Random(seed)
    pool = sentence_pool()
    out, story = [], 0
    while len(out) < n:
        sents = [_NUM.sub(lambda m: str(rng.randint(2, 9999)), s) for s in rng.sample(pool, rng.randint(8, 16))]
        variants = [sents]
        for _ in range(rng.choice((0, 0, 1, 1, 2, 3))):
            if rng.random() < 0.5:
                v = list(sents)
                v.insert(rng.randint(0, len(v)), rng.choice(NOISE).format(outlet=rng.choice(OUTLETS)))
            else:
                v = [paraphrase(s) for s in sents[:2]] + rng.sample([paraphrase(s) for s in sents[2:]], len(sents) - 2)
                v[-1] = v[-1].rstrip(".") + ", according to Wikinews."
            variants.append(v)
        for k, v in enumerate(variants):
            text = "\n".join(v)
            day = (date(2020, 1, 1) + timedelta(days=len(out) // per_day)).isoformat() if per_day else None
            out.append((ArticleRecord(id=f"s{story}v{k}", title="", text=text, outlet=OUTLETS[k % 6],
                                      published=day), story))
        story += 1
    return out[:n]


def pair_count(sizes) -> int:
    return sum(s * (s - 1) // 2 for s in sizes)


def quality(labels: dict[str, int], predicted: dict[str, str]) -> tuple[float, float]:
    both = Counter((labels[a], predicted[a]) for a in labels)
    tp = pair_count(both.values())
    return tp / max(1, pair_count(Counter(predicted.values()).values())), tp / max(
        1, pair_count(Counter(labels.values()).values())
    )


def run_one(n: int, events: bool = False, per_day: int = 0) -> dict:
    data = synthesise(n, per_day=per_day)
    base_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    index = StoryIndex()
    clusters = EventIndex()
    t = time.perf_counter()
    for record, _ in data:
        if events:
            ef = event_features(record)
            proposed = clusters.propose(ef)
            added = index.add(features(record), same_event=lambda o, p=proposed: p is not None and
                              clusters.cluster_of(o) == p)
            clusters.add(ef, [link.other for link in added.links], observed=True)
        else:
            index.add(features(record))
    seconds = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    predicted = {aid: index.story_of(aid) for aid in index.features}
    p, r = quality({rec.id: s for rec, s in data}, predicted)
    return {"n": n, "seconds": seconds, "peak_rss_mb": peak / 1024, "index_rss_mb": (peak - base_rss) / 1024,
            "stories": len(index.members), "precision": p, "recall": r,
            "event_clusters": len({clusters.cluster_of(a) for a in index.features}) if events else 0,
            "live_clusters": len(clusters.clusters)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--repeat", type=int, default=3, help="runs per size below 50k (median quoted)")
    ap.add_argument("--events", action="store_true", help="event clusters too, as ingest places them")
    ap.add_argument("--per-day", type=int, default=0, help="date the articles, this many a day (0: undated)")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.events, args.per_day)))
        return
    extra = (["--events"] if args.events else []) + ["--per-day", str(args.per_day)]
    rows = []
    for n in args.sizes:
        runs = [
            json.loads(subprocess.run([sys.executable, __file__, "--one", str(n), *extra], check=True,
                                      capture_output=True, text=True).stdout)
            for _ in range(args.repeat if n < 50_000 else 1)
        ]
        row = dict(runs[0])
        row["seconds"] = statistics.median(r["seconds"] for r in runs)
        row["peak_rss_mb"] = statistics.median(r["peak_rss_mb"] for r in runs)
        rows.append(row)
        print(f"{n:>7} articles  {row['seconds']:7.1f} s  {1e6 * row['seconds'] / n:6.0f} µs/article  "
              f"peak RSS {row['peak_rss_mb']:6.0f} MB (index ≈ {row['index_rss_mb']:.0f} MB)  "
              f"{row['stories']} stories  P {row['precision']:.3f} R {row['recall']:.3f}  (runs: {len(runs)})"
              + (f"  {row['event_clusters']} event clusters ({row['live_clusters']} live)" if args.events else ""),
              flush=True)
    if len(rows) > 1:
        a, b = rows[0], rows[-1]
        print(f"time ratio {b['seconds'] / a['seconds']:.1f}× for {b['n'] / a['n']:.0f}× the articles")


if __name__ == "__main__":
    main()
