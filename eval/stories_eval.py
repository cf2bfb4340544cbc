"""Story clustering and origin accuracy on the corpus from build_story_corpus.py.

    python eval/stories_eval.py [--sources 60] [--seed 7]

Pairwise precision/recall over same-story article pairs; origin accuracy over
multi-article stories (the original Wikinews article must be named origin).

Independence: every story here is one original and its copies and rewrites, so
each claim has exactly one independent source however many articles carry it.
``independent_exact`` is the share of multi-article stories counted at 1;
``extra_sources`` the mean number of sources above 1 per claim carried by two or
more articles (0 is right). The ``drift`` run repeats that after giving the
originals a multi-hop chain (outlet → documents → officials) and each copy a
sub-chain of it, as extraction gives when a copy's dateline or sign-off differs
— a copy must still add no source.
"""
from __future__ import annotations

import argparse
import dataclasses
import random
import sys
import time
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_story_corpus import build, load_wikinews  # noqa: E402

from allegedly.records import Hop  # noqa: E402
from allegedly.stories.engine import cluster_records  # noqa: E402


def pairs(labels: dict[str, str]) -> set[frozenset[str]]:
    groups: dict[str, list[str]] = {}
    for aid, label in labels.items():
        groups.setdefault(label, []).append(aid)
    return {frozenset(p) for ids in groups.values() for p in combinations(sorted(ids), 2)}


def independence(views, gold: dict[str, str]) -> dict[str, float]:
    """Gold is one source per claim: every multi-article story derives from one original."""
    multi = [v for v in views if len(v.article_ids) > 1 and len({gold[a] for a in v.article_ids}) == 1]
    shared = [c for v in multi for c in v.claims if len({a.article_id for a, _ in c.appearances}) > 1]
    return {
        "independent_exact": sum(v.independent == 1 for v in multi) / len(multi) if multi else 1.0,
        "extra_sources": sum(len(c.independent) - 1 for c in shared) / len(shared) if shared else 0.0,
    }


_FULL = (("Reuters", "outlet"), ("leaked files", "document"), ("officials", "anonymous"))
_SUBCHAINS = (_FULL, _FULL[1:], _FULL[2:], ())  # what a copy's extraction may keep of it


def drift(rows, seed: int = 5):
    """Originals relay a multi-hop chain; each copy's claims keep a random sub-chain of it."""
    rng = random.Random(seed)
    titles = {s: r.title for r, s, o in rows if o}
    out = []
    for r, story, is_origin in rows:
        if is_origin or r.title == titles.get(story):  # the original or a copy (rewrites retitle)
            pub = [Hop(r.publisher, "publisher")]
            claims = [dataclasses.replace(c, status="reported", chain=pub + [
                Hop(n, k) for n, k in (_FULL if is_origin else rng.choice(_SUBCHAINS))]) for c in r.claims]
            r = dataclasses.replace(r, claims=claims)
        out.append((r, story, is_origin))
    return out


def evaluate(rows) -> dict[str, float]:
    records = [r for r, _, _ in rows]
    gold = {r.id: s for r, s, _ in rows}
    gold_origin = {s: r.id for r, s, o in rows if o}
    views = cluster_records(records)
    drifted = drift(rows)
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
        **independence(views, gold),
        **{f"drift_{k}": v for k, v in independence(cluster_records([r for r, _, _ in drifted]),
                                                    {r.id: s for r, s, _ in drifted}).items()},
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sources", type=int, default=60)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    t = time.perf_counter()
    result = evaluate(build(load_wikinews(), sources=args.sources, seed=args.seed))
    for k, v in result.items():
        print(f"{k:24} {v:.3f}" if isinstance(v, float) else f"{k:24} {v}")
    print(f"{'seconds':24} {time.perf_counter() - t:.2f}")


if __name__ == "__main__":
    main()
