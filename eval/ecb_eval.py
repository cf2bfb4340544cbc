"""Event clusters on ECB+ (../shared/eval/ecb-plus): pairwise and B-cubed P/R/F1 against gold events.

    python eval/ecb_data.py              # once: every document through the pipeline (cached)
    python eval/ecb_eval.py [--topics odd|even|all] [--join 0.32] [--window 14] [--embed 0.25] [--per-topic]

All documents of the chosen topics are clustered together, in corpus order, exactly as
`allegedly ingest` would cluster them (stories first, then event clusters); the program is not
told the topics. Gold: two documents report the same event iff they share topic and kind
(ecb / ecbplus). Printed: pairwise P/R/F1 over document pairs, B-cubed P/R/F1, how many
clusters each gold event is spread over, topics whose two events share a cluster
("merged topic pairs"), and clusters that span topics.
Tuned on the odd topics; the even topics are reported without tuning.
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ecb_data import ECB, documents, load_records  # noqa: E402

from allegedly.stories.clusters import EventIndex  # noqa: E402
from allegedly.stories.engine import cluster_all  # noqa: E402


def pair_set(labels: dict[str, str]) -> set[frozenset[str]]:
    groups: dict[str, list[str]] = defaultdict(list)
    for k, v in labels.items():
        groups[v].append(k)
    return {frozenset(p) for ids in groups.values() for p in combinations(sorted(ids), 2)}


def prf(p: float, r: float) -> tuple[float, float, float]:
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def pairwise(gold: dict[str, str], pred: dict[str, str]) -> tuple[float, float, float]:
    g, s = pair_set(gold), pair_set(pred)
    tp = len(g & s)
    return prf(tp / len(s) if s else 1.0, tp / len(g) if g else 1.0)


def bcubed(gold: dict[str, str], pred: dict[str, str]) -> tuple[float, float, float]:
    by_gold, by_pred = defaultdict(set), defaultdict(set)
    for k in gold:
        by_gold[gold[k]].add(k)
        by_pred[pred[k]].add(k)
    p = sum(len(by_gold[gold[k]] & by_pred[pred[k]]) / len(by_pred[pred[k]]) for k in gold) / len(gold)
    r = sum(len(by_gold[gold[k]] & by_pred[pred[k]]) / len(by_gold[gold[k]]) for k in gold) / len(gold)
    return prf(p, r)


def topic_merges(gold: dict[str, str], pred: dict[str, str]) -> tuple[list[int], int]:
    """Topics whose two gold events share a cluster; clusters holding documents of several topics."""
    events_in: dict[str, set[str]] = defaultdict(set)
    for k, c in pred.items():
        events_in[c].add(gold[k])
    merged = sorted({int(e.split("-")[0]) for evs in events_in.values() for e in evs
                     if f"{e.split('-')[0]}-ecb" in evs and f"{e.split('-')[0]}-ecbplus" in evs})
    cross = sum(1 for evs in events_in.values() if len({e.split("-")[0] for e in evs}) > 1)
    return merged, cross


def run(topics: str, join: float, window: int, per_topic: bool, names: float = 0.5, merge: float = 0.3,
        batch_idf: bool = False, embed: float = EventIndex.embed_share) -> dict:
    docs = [d for d in documents() if topics == "all" or (d.topic % 2 == 1) == (topics == "odd")]
    records = load_records()
    missing = [d.name for d in docs if d.name not in records]
    if len(missing) == len(docs):
        sys.exit(f"no cached records: run `python eval/ecb_data.py` first (reads {ECB})")
    docs = [d for d in docs if d.name in records]
    recs = [records[d.name] for d in docs]
    t = time.perf_counter()
    result = cluster_all(recs, index=EventIndex(join=join, window=window, name_share=names, merge=merge,
                                                    embed_share=embed),
                         batch_idf=batch_idf)
    seconds = time.perf_counter() - t
    cluster_of_article = {a: c.id for c in result.events for a in c.article_ids}
    story_of_article = {a: v.id for v in result.stories for a in v.article_ids}
    name_of = {records[d.name].id: d.name for d in docs}
    gold = {d.name: d.gold for d in docs}
    pred = {name_of[a]: c for a, c in cluster_of_article.items()}
    out = {"documents": len(docs), "missing": len(missing), "seconds": seconds,
           "pairwise": pairwise(gold, pred), "bcubed": bcubed(gold, pred)}
    spread = Counter()
    for e in set(gold.values()):
        spread[len({pred[k] for k in gold if gold[k] == e})] += 1
    out["groups_per_event"] = dict(sorted(spread.items()))
    out["merged_topics"], out["cross_topic_clusters"] = topic_merges(gold, pred)
    out["clusters"] = len(set(pred.values()))
    out["gold_events"] = len(set(gold.values()))
    out["families"] = len(set(story_of_article.values()))
    if per_topic:
        for topic in sorted({d.topic for d in docs}):
            g = {k: v for k, v in gold.items() if v.startswith(f"{topic}-")}
            p = {k: pred[k] for k in g}
            print(f"  topic {topic:>2}: pairwise F1 {pairwise(g, p)[2]:.3f}  B3 F1 {bcubed(g, p)[2]:.3f}  "
                  f"clusters {len(set(p.values()))}")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--topics", choices=("odd", "even", "all"), default="all")
    ap.add_argument("--join", type=float, default=EventIndex.join)
    ap.add_argument("--names", type=float, default=EventIndex.name_share)
    ap.add_argument("--merge", type=float, default=EventIndex.merge)
    ap.add_argument("--batch-idf", action="store_true",
                    help="count word rarity over all documents first (default: as ingest, the ones seen so far)")
    ap.add_argument("--window", type=int, default=EventIndex.window)
    ap.add_argument("--embed", type=float, default=EventIndex.embed_share,
                    help="weight of the lede embedding in the join score (0: the event bag alone)")
    ap.add_argument("--per-topic", action="store_true")
    args = ap.parse_args()
    o = run(args.topics, args.join, args.window, args.per_topic, args.names, args.merge, args.batch_idf, args.embed)
    pw, b3 = o["pairwise"], o["bcubed"]
    print(f"ECB+ topics={args.topics}: {o['documents']} documents ({o['missing']} not processed), "
          f"{o['gold_events']} gold events → {o['clusters']} event clusters, {o['families']} report families")
    print(f"pairwise  P {pw[0]:.3f}  R {pw[1]:.3f}  F1 {pw[2]:.3f}")
    print(f"B-cubed   P {b3[0]:.3f}  R {b3[1]:.3f}  F1 {b3[2]:.3f}")
    print(f"clusters per gold event: {o['groups_per_event']}")
    print(f"merged topic pairs: {len(o['merged_topics'])} {o['merged_topics']}; "
          f"clusters spanning topics: {o['cross_topic_clusters']}")
    print(f"clustering time {o['seconds']:.1f} s")


if __name__ == "__main__":
    main()
