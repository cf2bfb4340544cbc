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

Claim matching (issue 5): each claim is aligned to the corpus sentence its span
overlaps most, whose gold is the original sentence it came from. Pairs of claims
in different articles that the system puts in one claim group are compared with
pairs from one original sentence: ``claim_copy_*`` over pairs among the original
and its copies, ``claim_rewrite_*`` over pairs with a rewrite in them. Claims on
noise lines and date stamps have no gold and are left out. ``claim_hedge_shown``:
of the rewrite claims where "according to X" was added and whose sentence appears
elsewhere, the share whose group shows two statuses (the "who hedges it" view).
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

from build_story_corpus import KEEP, build, load_wikinews  # noqa: E402

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
    """Rows from build(); with ``aligned=True`` the claim-matching figures come too."""
    aligned = rows and len(rows[0]) == 4
    full, rows = rows, [row[:3] for row in rows]
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
        **(claim_matching(full, views) if aligned else {}),
    }


def claim_gold(record, gold) -> dict[tuple[str, int], tuple[int, bool]]:
    """(article, claim seq) → (original sentence, hedged), by the most span overlap."""
    out = {}
    for seq, claim in enumerate(record.claims):
        start, end = claim.span
        best = max(gold.sentences, key=lambda g: min(end, g.end) - max(start, g.start), default=None)
        if best and min(end, best.end) > max(start, best.start) and best.source is not None:
            out[(record.id, seq)] = (best.source, best.hedged)
    return out


def _prf(gold_pairs: set, predicted_pairs: set) -> tuple[float, float]:
    hit = len(gold_pairs & predicted_pairs)
    return (hit / len(predicted_pairs) if predicted_pairs else 1.0, hit / len(gold_pairs) if gold_pairs else 1.0)


def claim_matching(rows, views) -> dict[str, float]:
    """Rows carry Gold (build(..., aligned=True)); views are the system's stories."""
    story = {r.id: s for r, s, _, _ in rows}
    role = {r.id: g.role for r, _, _, g in rows}
    gold = {k: v for r, _, _, g in rows for k, v in claim_gold(r, g).items()}
    predicted = {(a.article_id, a.seq): (v.id, c.group) for v in views for c in v.claims for a, _ in c.appearances}
    status = {(a.article_id, a.seq): a.status for v in views for c in v.claims for a, _ in c.appearances}
    by_story: dict[str, list] = {}
    for key in gold:
        by_story.setdefault(story[key[0]], []).append(key)
    g_pairs: dict[str, set] = {"copy": set(), "rewrite": set()}
    p_pairs: dict[str, set] = {"copy": set(), "rewrite": set()}
    for keys in by_story.values():
        for a, b in combinations(sorted(keys), 2):
            if a[0] == b[0]:
                continue
            kind = "rewrite" if "rewrite" in (role[a[0]], role[b[0]]) else "copy"
            if gold[a][0] == gold[b][0]:
                g_pairs[kind].add((a, b))
            if a in predicted and predicted.get(a) == predicted.get(b):
                p_pairs[kind].add((a, b))
    # claims predicted together with a claim of another story count against precision too
    for kind in p_pairs:
        p_pairs[kind] |= _cross_story_pairs(predicted, gold, story, role, kind)
    out = {}
    for kind in ("copy", "rewrite"):
        out[f"claim_{kind}_precision"], out[f"claim_{kind}_recall"] = _prf(g_pairs[kind], p_pairs[kind])
        out[f"claim_{kind}_pairs"] = len(g_pairs[kind])
    return out | _hedge_shown(gold, role, predicted, status, g_pairs["rewrite"])


def _cross_story_pairs(predicted, gold, story, role, kind) -> set:
    groups: dict = {}
    for key, group in predicted.items():
        if key in gold:
            groups.setdefault(group, []).append(key)
    out = set()
    for keys in groups.values():
        for a, b in combinations(sorted(keys), 2):
            k = "rewrite" if "rewrite" in (role[a[0]], role[b[0]]) else "copy"
            if story[a[0]] != story[b[0]] and k == kind:
                out.add((a, b))
    return out


def _hedge_shown(gold, role, predicted, status, rewrite_pairs) -> dict[str, float]:
    partnered = {k for pair in rewrite_pairs for k in pair}
    hedged = [k for k, (_, h) in gold.items() if h and role[k[0]] == "rewrite" and k in partnered]
    members: dict = {}
    for key, group in predicted.items():
        members.setdefault(group, []).append(key)
    shown = sum(1 for k in hedged if k in predicted and len({status[m] for m in members[predicted[k]]}) > 1)
    return {"claim_hedged": len(hedged), "claim_hedge_shown": shown / len(hedged) if hedged else 1.0}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sources", type=int, default=60)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--keep", type=float, nargs=2, default=KEEP, metavar=("LO", "HI"),
                    help="share of the original's sentences a rewrite keeps (default %(default)s; "
                         "0.2 0.4 is a harsher test: short rewrites)")
    args = ap.parse_args()
    t = time.perf_counter()
    result = evaluate(build(load_wikinews(), sources=args.sources, seed=args.seed, aligned=True,
                            keep_share=tuple(args.keep)))
    for k, v in result.items():
        print(f"{k:24} {v:.3f}" if isinstance(v, float) else f"{k:24} {v}")
    print(f"{'seconds':24} {time.perf_counter() - t:.2f}")


if __name__ == "__main__":
    main()
