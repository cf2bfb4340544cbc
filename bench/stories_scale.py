"""Story clustering at scale: time per article and peak memory up to 1M synthetic articles.

    python bench/stories_scale.py [--sizes 10000 100000] [--repeat 3] [--events] [--per-day 2000]
    python bench/stories_scale.py --sizes 1000000 --per-day 2000 --step 100000   # the 1M run

Articles are synthesised cheaply from the Wikinews sentences (no spaCy), one at a time as
they are clustered (nothing of the corpus is held): each story is 8-16 sentences drawn
from the whole corpus with its numbers re-rolled, then 0-3 syndicated copies (noise lines)
or rewrites (reordered, paraphrased, "according to") follow. Each size runs in a fresh
process so its peak RSS is its own. Clustering is `StoryIndex.add(features(record))` per
article, exactly what ingest does; pairwise precision/recall against the generator's labels
is printed as a check (kept in two int32 arrays, so the check itself costs 8 bytes an article).
``--events`` adds the event clusters as ingest places them (the content proposes a cluster,
the story index links, the family's cluster wins). ``--per-day N`` dates the articles, N a
day, so the indexes' time windows retire what is old (what keeps memory bounded); undated,
the story index keeps the last ``KEEP_UNDATED`` articles. ``--step`` prints time per article
(wall clock and this process's CPU time, which other load on the machine does not inflate),
RSS now and peak RSS every that many articles (flat time per article = constant cost).
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
from datetime import date, timedelta
from pathlib import Path

import numpy as np

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
    """(record, story label) pairs, n in all, in arrival order, made as they are consumed."""
    rng = random.Random(seed)
    pool = sentence_pool()
    made, story = 0, 0
    while made < n:
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
            if made >= n:
                return
            day = (date(2020, 1, 1) + timedelta(days=made // per_day)).isoformat() if per_day else None
            # the arrival number ends the id, so the check needs no id → number table
            yield ArticleRecord(id=f"s{story}v{k}n{made}", title="", text="\n".join(v), outlet=OUTLETS[k % 6],
                                published=day), story
            made += 1
        story += 1


def _number(article_id: str) -> int:
    return int(article_id.rsplit("n", 1)[1])


def _find(parent: np.ndarray, i: int) -> int:
    root = i
    while parent[root] != root:
        root = parent[root]
    while parent[i] != root:
        parent[i], i = root, parent[i]
    return root


def quality(labels: np.ndarray, parent: np.ndarray) -> tuple[float, float]:
    """Pairwise precision and recall of the predicted stories against the labels."""
    roots = np.array([_find(parent, i) for i in range(len(parent))], dtype=np.int64)

    def pairs(keys: np.ndarray) -> int:
        counts = np.unique(keys, return_counts=True)[1].astype(np.int64)
        return int((counts * (counts - 1) // 2).sum())

    both = pairs(labels.astype(np.int64) * (len(parent) + 1) + roots)
    return both / max(1, pairs(roots)), both / max(1, pairs(labels))


def _rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def run_one(n: int, events: bool = False, per_day: int = 0, step: int = 0) -> dict:
    pool_ready = sentence_pool()  # noqa: F841  (load the corpus before measuring)
    base_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    index = StoryIndex()
    clusters = EventIndex()
    labels = np.zeros(n, dtype=np.int32)
    parent = np.arange(n, dtype=np.int32)
    roots_seen = 0
    steps = []
    t = lap = time.perf_counter()
    cpu = time.process_time()
    for i, (record, label) in enumerate(synthesise(n, per_day=per_day)):
        labels[i] = label
        if events:
            ef = event_features(record)
            proposed = clusters.propose(ef)
            added = index.add(features(record), same_event=lambda o, p=proposed: p is not None and
                              clusters.cluster_of(o) == p)
            clusters.add(ef, [link.other for link in added.links], observed=True)
        else:
            added = index.add(features(record))
        for other in (added.story_id, *added.merged):
            a, b = _find(parent, _number(other)), _find(parent, i)
            parent[max(a, b)] = min(a, b)
        if step and (i + 1) % step == 0:
            now, now_cpu = time.perf_counter(), time.process_time()
            steps.append({"n": i + 1, "us_per_article": 1e6 * (now - lap) / step,
                          "cpu_us_per_article": 1e6 * (now_cpu - cpu) / step, "rss_mb": _rss_mb(),
                          "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                          "live": len(index.features)})
            print(json.dumps({"step": steps[-1]}), file=sys.stderr, flush=True)
            lap, cpu = now, now_cpu
    seconds = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    p, r = quality(labels, parent)
    return {"n": n, "seconds": seconds, "peak_rss_mb": peak / 1024, "index_rss_mb": (peak - base_rss) / 1024,
            "stories": int(sum(1 for i in range(n) if _find(parent, i) == i)), "precision": p, "recall": r,
            "live_articles": len(index.features), "steps": steps,
            "event_clusters": len({clusters.cluster_of(a) for a in index.features}) if events else 0,
            "live_clusters": len(clusters.clusters)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--repeat", type=int, default=3, help="runs per size below 50k (median quoted)")
    ap.add_argument("--events", action="store_true", help="event clusters too, as ingest places them")
    ap.add_argument("--per-day", type=int, default=0, help="date the articles, this many a day (0: undated)")
    ap.add_argument("--step", type=int, default=0, help="print time per article and RSS every this many articles")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.events, args.per_day, args.step)))
        return
    extra = (["--events"] if args.events else []) + ["--per-day", str(args.per_day), "--step", str(args.step)]
    rows = []
    for n in args.sizes:
        runs = [
            json.loads(subprocess.run([sys.executable, __file__, "--one", str(n), *extra], check=True,
                                      stdout=subprocess.PIPE, text=True).stdout)
            for _ in range(args.repeat if n < 50_000 else 1)
        ]
        row = dict(runs[0])
        row["seconds"] = statistics.median(r["seconds"] for r in runs)
        row["peak_rss_mb"] = statistics.median(r["peak_rss_mb"] for r in runs)
        rows.append(row)
        for st in row["steps"]:
            print(f"  at {st['n']:>8}: {st['us_per_article']:6.0f} µs/article over the last {args.step} "
                  f"({st['cpu_us_per_article']:.0f} µs of CPU: the figure a shared machine does not move), "
                  f"RSS {st['rss_mb']:5.0f} MB, peak {st['peak_rss_mb']:5.0f} MB, {st['live']} articles live")
        print(f"{n:>7} articles  {row['seconds']:7.1f} s  {1e6 * row['seconds'] / n:6.0f} µs/article  "
              f"peak RSS {row['peak_rss_mb']:6.0f} MB (index ≈ {row['index_rss_mb']:.0f} MB)  "
              f"{row['stories']} stories  P {row['precision']:.3f} R {row['recall']:.3f}  "
              f"{row['live_articles']} live  (runs: {len(runs)})"
              + (f"  {row['event_clusters']} event clusters ({row['live_clusters']} live)" if args.events else ""),
              flush=True)
    if len(rows) > 1:
        a, b = rows[0], rows[-1]
        print(f"time ratio {b['seconds'] / a['seconds']:.1f}× for {b['n'] / a['n']:.0f}× the articles")


if __name__ == "__main__":
    main()
