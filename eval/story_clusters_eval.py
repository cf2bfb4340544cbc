"""Report families and event clusters on real cross-outlet pages (../shared/eval/story-clusters).

    python eval/story_clusters_eval.py [--copy-from DIR] [--show]

The page texts are not in shared/ (see its README, "Getting the texts"): put them as ``ID.txt``
in eval/.cache/story-clusters/ (git-ignored), or pass ``--copy-from DIR`` to copy them there.
Pages whose text is missing are left out and counted. Each page is run through the pipeline
(cached) with the URL, outlet and date a feed would give, then clustered in the labels' order
exactly as ingest does (report families, then event clusters).

Printed, on the English pages (other languages apart):
* event clusters: for each gold cluster (A, B, C), how many event clusters hold its pages and
  the share of its pages in the largest; distractors placed with A, B or C pages; pairwise
  P/R/F1 of same-event pairs (pairs of two distractors are not judged: grouping them is allowed);
* report families: pairwise P/R/F1 of same-family pairs inside A, B and C; origins: for each
  gold family, whether the family holding most of its pages names the labelled origin (and, apart,
  whether it does once the organisation whose statement the family rests on counts: C-facebook's
  labelled origin is Facebook's newsroom statement, relayed by The Hill);
* independent sources of the event cluster holding most of each gold cluster's pages, against
  the README's accepted range (A 2–3, B 12–14, C 2–3), and its underlying sources (families
  resting on one organisation's statement counted once, stories/statements.py) against the same.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sys
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("ALLEGEDLY_SHARED", ROOT.parent / "shared"))
GOLD = SHARED / "eval" / "story-clusters"
CACHE = ROOT / "eval" / ".cache" / "story-clusters"
sys.path.insert(0, str(ROOT))

from allegedly.records import ArticleRecord, RawArticle  # noqa: E402
from allegedly.stories.engine import cluster_all  # noqa: E402
from allegedly.stories.names import name_key  # noqa: E402

ACCEPTED = {"A": (2, 3), "B": (12, 14), "C": (2, 3)}
# the labelled origin of each family, as the words its origin's name must hold
ORIGINS = {"wapo": "washington post", "nyt": "new york times", "reuters": "reuters", "ap": "associated press",
           "afp": "afp", "efe": "efe", "cnn": "cnn", "guardian": "guardian", "observer": "observer",
           "latimes": "los angeles times", "xinhua": "xinhua", "bbc": "bbc", "dpa": "dpa",
           "houstonchronicle": "houston chronicle", "cbs": "cbs", "ibtimes": "ibtimes", "facebook": "facebook"}
ALIASES = {"ap": {"ap", "associated press"}, "afp": {"afp", "agence france presse", "agence france-presse"},
           "latimes": {"los angeles times", "la times"}, "ibtimes": {"ibtimes", "international business times"},
           "observer": {"observer", "guardian"}, "nyt": {"new york times", "nyt", "times"}}


def load_gold() -> tuple[list[dict], dict[str, dict]]:
    pages = [json.loads(line) for line in (GOLD / "pages.jsonl").open(encoding="utf-8")]
    labels = {row["id"]: row for row in map(json.loads, (GOLD / "labels.jsonl").open(encoding="utf-8"))}
    return pages, labels


def copy_texts(source: Path, ids: list[str]) -> int:
    CACHE.mkdir(parents=True, exist_ok=True)
    n = 0
    for pid in ids:
        src = source / f"{pid}.txt"
        if src.exists():
            shutil.copyfile(src, CACHE / f"{pid}.txt")
            n += 1
    return n


def records(pages: list[dict]) -> dict[str, ArticleRecord]:
    """id → pipeline record, for the pages whose text is present (cached by text hash)."""
    texts = {p["id"]: (CACHE / f"{p['id']}.txt").read_text(encoding="utf-8")
             for p in pages if (CACHE / f"{p['id']}.txt").exists()}
    cache_path = CACHE / "records.jsonl"
    cached = {}
    if cache_path.exists():
        for line in cache_path.open(encoding="utf-8"):
            row = json.loads(line)
            cached[row["key"]] = row["record"]
    meta = {p["id"]: p for p in pages}
    code = pipeline_version()
    keys = {pid: hashlib.sha256(json.dumps([t, meta[pid], code], sort_keys=True).encode()).hexdigest()[:20]
            for pid, t in texts.items()}
    todo = [pid for pid in texts if keys[pid] not in cached]
    if todo:
        from allegedly.pipeline import Pipeline

        raws = [RawArticle(source=pid, text=texts[pid], url=meta[pid]["url"], published=meta[pid]["published"],
                           outlet=site(meta[pid]["outlet"])) for pid in todo]
        for pid, outcome in zip(todo, Pipeline().process_many(raws)):
            if outcome.record is not None:
                cached[keys[pid]] = outcome.record.as_dict()
            else:
                print(f"{pid}: {outcome.error}", file=sys.stderr)
        current = set(keys.values())
        with cache_path.open("w", encoding="utf-8") as out:
            for k, rec in cached.items():
                if k in current:  # records of older code are stale
                    out.write(json.dumps({"key": k, "record": rec}, ensure_ascii=False) + "\n")
    return {pid: ArticleRecord.from_dict(cached[keys[pid]]) for pid in texts if keys[pid] in cached}


# what a record depends on: everything but the layers that read records (stories, store, web, spark)
_NOT_PIPELINE = {"stories", "store", "web", "spark", "collect"}


def pipeline_version() -> str:
    """Hash of the package's pipeline code and data, so that a cached record is redone when the
    actor dictionary or an extractor changes, not when only the clustering does."""
    h = hashlib.sha256()
    pkg = ROOT / "allegedly"
    for f in sorted(pkg.rglob("*")):
        rel = f.relative_to(pkg)
        if f.is_file() and f.suffix in (".py", ".json") and rel.parts[0] not in _NOT_PIPELINE:
            h.update(str(rel).encode())
            h.update(f.read_bytes())
    return h.hexdigest()[:16]


def site(outlet: str | None) -> str | None:
    """The publishing site only: the labels add a carried wire in brackets ("TIME (AP)"), which a
    feed would not give."""
    return outlet.split(" (")[0].strip() if outlet else outlet


def pair_prf(gold: dict[str, str], pred: dict[str, str], judged=lambda a, b: True) -> tuple[float, float, float]:
    tp = fp = fn = 0
    for a, b in combinations(sorted(gold), 2):
        if not judged(a, b):
            continue
        same_gold, same_pred = gold[a] == gold[b], pred[a] == pred[b]
        tp += same_gold and same_pred
        fp += same_pred and not same_gold
        fn += same_gold and not same_pred
    p, r = (tp / (tp + fp) if tp + fp else 1.0), (tp / (tp + fn) if tp + fn else 1.0)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def origin_matches(family: str, origin_name: str) -> bool:
    key = family.split("-", 1)[1]
    wanted = ALIASES.get(key, {ORIGINS.get(key, key)})
    got = name_key(origin_name)
    return any(name_key(w) and (name_key(w) == got or f" {name_key(w)} " in f" {got} ") for w in wanted)


def evaluate(pages: list[dict], labels: dict[str, dict], recs: dict[str, ArticleRecord], show: bool) -> dict:
    order = [p["id"] for p in pages if p["id"] in recs]
    result = cluster_all([recs[i] for i in order])
    by_article = {r.id: pid for pid, r in recs.items()}
    event_of = {by_article[a]: c.id for c in result.events for a in c.article_ids}
    story_of = {by_article[a]: v.id for v in result.stories for a in v.article_ids}
    views = {v.id: v for v in result.stories}
    clusters = {c.id: c for c in result.events}
    lang = {p["id"]: p["language"] for p in pages}
    out: dict = {"pages": len(order), "missing": len(pages) - len(order)}
    for scope, keep in (("en", lambda i: lang[i] == "en"), ("other", lambda i: lang[i] != "en")):
        ids = [i for i in order if keep(i)]
        gold_event = {i: labels[i]["event"] or labels[i]["family"] for i in ids}
        distractor = {i for i in ids if labels[i]["event"] is None}
        res = {"pages": len(ids)}
        res["event_pairwise"] = pair_prf(gold_event, {i: event_of[i] for i in ids},
                                         lambda a, b: not (a in distractor and b in distractor))
        inside = [i for i in ids if i not in distractor]
        res["family_pairwise"] = pair_prf({i: labels[i]["family"] for i in inside}, {i: story_of[i] for i in inside})
        per = {}
        for ev in "ABC":
            mine = [i for i in ids if labels[i]["event"] == ev]
            if not mine:
                continue
            spread = Counter(event_of[i] for i in mine)
            main, n_main = spread.most_common(1)[0]
            intruders = sorted(i for i in distractor if event_of[i] in spread)
            fams = defaultdict(list)
            for i in mine:
                fams[labels[i]["family"]].append(i)
            origins = {}
            for fam, members in sorted(fams.items()):
                sid = Counter(story_of[i] for i in members).most_common(1)[0][0]
                giver = views[sid].rests_on
                origins[fam] = (views[sid].origin.name, origin_matches(fam, views[sid].origin.name),
                                bool(giver) and origin_matches(fam, giver), giver)
            lo, hi = ACCEPTED[ev]
            k, u = clusters[main].independent, clusters[main].underlying
            per[ev] = {"pages": len(mine), "event_clusters": len(spread), "in_largest": n_main / len(mine),
                       "distractors_joined": intruders, "independent": k, "independent_ok": lo <= k <= hi,
                       "underlying": u, "underlying_ok": lo <= u <= hi,
                       "underlying_sources": list(clusters[main].underlying_sources),
                       "families_gold": len(fams), "families_found": len({story_of[i] for i in mine}),
                       "origins": origins}
        res["clusters"] = per
        out[scope] = res
    if show:
        for c in result.events:
            if len(c.article_ids) > 1:
                print(f"event {c.id[:8]} indep {c.independent} underlying {c.underlying}: " + " ".join(
                    f"[{' '.join(by_article[a] for a in views[s].article_ids)} ← {views[s].origin.name}]"
                    for s in c.story_ids))
    return out


def report(out: dict) -> None:
    print(f"story-clusters: {out['pages']} pages with text ({out['missing']} missing)")
    for scope in ("en", "other"):
        res = out.get(scope)
        if not res or not res["pages"]:
            continue
        ep, fp = res["event_pairwise"], res["family_pairwise"]
        print(f"[{scope}] {res['pages']} pages · event pairs P {ep[0]:.3f} R {ep[1]:.3f} F1 {ep[2]:.3f} · "
              f"family pairs P {fp[0]:.3f} R {fp[1]:.3f} F1 {fp[2]:.3f}")
        for ev, c in res["clusters"].items():
            ok = sum(m for _, m, *_ in c["origins"].values())
            ok_giver = sum(m or g for _, m, g, _ in c["origins"].values())
            print(f"  {ev}: {c['pages']} pages in {c['event_clusters']} event cluster(s) ({c['in_largest']:.0%} in the "
                  f"largest) · distractors joined {len(c['distractors_joined'])} {c['distractors_joined']} · "
                  f"independent {c['independent']} ({'within' if c['independent_ok'] else 'outside'} "
                  f"{ACCEPTED[ev][0]}–{ACCEPTED[ev][1]}) · underlying {c['underlying']} "
                  f"({'within' if c['underlying_ok'] else 'outside'}) · families {c['families_found']} found / "
                  f"{c['families_gold']} gold · origins as labelled {ok}/{len(c['origins'])} "
                  f"({ok_giver} counting the statement-giver)")
            for fam, (name, match, _, giver) in c["origins"].items():
                if not match:
                    print(f"      {fam}: origin drawn as {name!r}" + (f", resting on {giver}'s statement" if giver else ""))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--copy-from", type=Path, help="folder holding ID.txt page texts to copy into the cache")
    ap.add_argument("--show", action="store_true", help="print every multi-page event cluster")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    if not GOLD.exists():
        sys.exit(f"skipped: no labels at {GOLD} (../shared/eval/story-clusters)")
    pages, labels = load_gold()
    if args.copy_from:
        print(f"copied {copy_texts(args.copy_from, [p['id'] for p in pages])} texts into {CACHE}", file=sys.stderr)
    if not CACHE.exists() or not any(CACHE.glob("*.txt")):
        sys.exit(f"skipped: no page texts in {CACHE}; rebuild them as the README of {GOLD} says "
                 "(or pass --copy-from DIR)")
    out = evaluate(pages, labels, records(pages), args.show)
    if args.json:
        print(json.dumps(out, indent=1, default=str))
    else:
        report(out)


if __name__ == "__main__":
    main()
