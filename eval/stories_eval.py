"""Story clustering and origin accuracy on the corpus from build_story_corpus.py.

    python eval/stories_eval.py [--sources 60] [--seed 7]

Pairwise precision/recall over same-story article pairs; origin accuracy over
multi-article stories (the original Wikinews article must be named origin).
"""
from __future__ import annotations

import argparse
import sys
import time
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_story_corpus import build, load_wikinews  # noqa: E402

from allegedly.stories.engine import cluster_records  # noqa: E402


def pairs(labels: dict[str, str]) -> set[frozenset[str]]:
    groups: dict[str, list[str]] = {}
    for aid, label in labels.items():
        groups.setdefault(label, []).append(aid)
    return {frozenset(p) for ids in groups.values() for p in combinations(sorted(ids), 2)}


def evaluate(rows) -> dict[str, float]:
    records = [r for r, _, _ in rows]
    gold = {r.id: s for r, s, _ in rows}
    gold_origin = {s: r.id for r, s, o in rows if o}
    views = cluster_records(records)
    predicted = {aid: v.id for v in views for aid in v.article_ids}
    g, p = pairs(gold), pairs(predicted)
    multi = [v for v in views if len(v.article_ids) > 1]
    right = sum(1 for v in multi if gold_origin.get(gold[v.origin.article_id]) == v.origin.article_id)
    return {
        "articles": len(records),
        "gold_stories": len(set(gold.values())),
        "predicted_stories": len(views),
        "precision": len(g & p) / len(p) if p else 1.0,
        "recall": len(g & p) / len(g) if g else 1.0,
        "origin_accuracy": right / len(multi) if multi else 1.0,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sources", type=int, default=60)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    t = time.perf_counter()
    result = evaluate(build(load_wikinews(), sources=args.sources, seed=args.seed))
    for k, v in result.items():
        print(f"{k:18} {v:.3f}" if isinstance(v, float) else f"{k:18} {v}")
    print(f"{'seconds':18} {time.perf_counter() - t:.2f}")


if __name__ == "__main__":
    main()
