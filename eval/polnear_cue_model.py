"""Train the learnt cue detector (allegedly/provenance/cue_model.py) on PolNeAR's TRAIN split.

    python eval/polnear_cue_model.py [--threshold 0.5] [--write] [--holdout] [--nouns]

Every verb and predicative adjective outside a direct quote in a TRAIN article is one
example (features from cue_model.features; with --nouns also each noun with a clause or an
"of/to/for…" phrase after it); it is positive when it lies inside a gold cue.
A logistic regression (L2, full-batch gradient descent in numpy, fixed seed-free and
deterministic) is fitted; weights of features seen fewer than --min-count times are left out.
--holdout fits on the odd-numbered articles and prints precision/recall by threshold on the
even ones (for choosing the threshold; the dev split is never read). --write stores the
weights and threshold in eval/.cache/cue_model.json (or --out; feature names and numbers, no
text). PolNeAR states no licence, so the model never goes inside the package: point
ALLEGEDLY_CUE_MODEL at the file to use it (polnear_eval.py --cue-model does).
Uses polnear_eval's parse cache.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import polnear_eval as pe  # noqa: E402

DEFAULT_OUT = Path(__file__).resolve().parent / ".cache" / "cue_model.json"
PACKAGE = Path(__file__).resolve().parent.parent / "allegedly"


def examples(arts, nouns: bool = False) -> tuple[list[list[str]], list[int], list[int]]:
    """(features, label, article number) of every candidate word."""
    from allegedly.pipeline import Pipeline
    from allegedly.provenance.cue_model import candidate, features
    from allegedly.provenance.quotes import inside, quote_spans

    pipeline = Pipeline()
    feats, labels, owner = [], [], []
    for n, art in enumerate(arts):
        doc = pe._parsed(pipeline, art)
        _, cw, to_raw = pe._aligner(art.text, doc.text)
        cue_words = {i for g in art.gold for i in g.cue}
        starts = {s: i for i, (s, _) in enumerate(cw)}
        quotes = quote_spans(doc.text)
        for t in doc:
            if not candidate(t, nouns) or inside(quotes, t.idx):
                continue
            raw = to_raw.get(starts.get(t.idx, -1))
            feats.append(features(t))
            labels.append(int(raw is not None and raw in cue_words))
            owner.append(n)
        if (n + 1) % 100 == 0:
            print(f"  {n + 1}/{len(arts)} articles", file=sys.stderr)
    return feats, labels, owner


def fit(feats, labels, min_count: int = 3, l2: float = 1.0, steps: int = 400, rate: float = 0.5) -> dict[str, float]:
    counts = Counter(f for fs in feats for f in set(fs))
    vocab = {f: i for i, f in enumerate(sorted(f for f, c in counts.items() if c >= min_count))}
    rows = [[vocab[f] for f in set(fs) if f in vocab] for fs in feats]
    flat = np.array([i for r in rows for i in r], dtype=np.int64)
    starts = np.cumsum([0] + [len(r) for r in rows])[:-1]
    sizes = np.array([len(r) for r in rows])
    y = np.array(labels, dtype=np.float64)
    w = np.zeros(len(vocab))
    m, v = np.zeros_like(w), np.zeros_like(w)
    n = len(rows)
    for step in range(1, steps + 1):  # Adam on the mean log loss + L2 / n
        z = np.add.reduceat(w[flat], starts) * (sizes > 0)
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        grad = np.zeros_like(w)
        np.add.at(grad, flat, np.repeat(p - y, sizes))
        grad = grad / n + l2 * w / n
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad ** 2
        w -= rate * 0.1 * (m / (1 - 0.9 ** step)) / (np.sqrt(v / (1 - 0.999 ** step)) + 1e-8)
    return {f: round(float(w[i]), 4) for f, i in vocab.items() if abs(w[i]) >= 1e-3}


def predict(weights: dict[str, float], feats) -> np.ndarray:
    z = np.array([sum(weights.get(f, 0.0) for f in fs) for fs in feats])
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


def report(weights, feats, labels) -> None:
    p, y = predict(weights, feats), np.array(labels)
    lex = np.array([not any(f in ("lex=say", "lex=stance", "lex=adj") for f in fs) for fs in feats])
    noun = np.array(["noun" in fs for fs in feats])
    print(f"  held-out words {len(y)}, cues {int(y.sum())}; outside the lexicons {int(lex.sum())}, "
          f"cues among them {int(y[lex].sum())}")
    for t in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8):
        masks = (("all", np.ones_like(lex)), ("off-lexicon", lex), ("nouns", noun), ("verbs/adj", ~noun & lex))
        for name, mask in masks:
            hit = (p >= t) & mask
            tp = int((hit & (y == 1)).sum())
            print(f"  t={t:.1f} {name:11s} flagged {int(hit.sum()):6d}  P {tp / max(1, hit.sum()):.3f}  "
                  f"R {tp / max(1, (y[mask] == 1).sum()):.3f}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--threshold", type=float, default=0.5)
    ap.add_argument("--min-count", type=int, default=3)
    ap.add_argument("--holdout", action="store_true")
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where --write puts the model")
    ap.add_argument("--sample", type=int, default=None)
    ap.add_argument("--odd-only", action="store_true",
                    help="--write a model fitted on the odd-numbered articles only (to try thresholds on the even ones)")
    ap.add_argument("--nouns", action="store_true",
                    help="also nouns with a clause or of/to/for phrase after them (nominal stance heads)")
    args = ap.parse_args(argv)
    arts = pe.load_split("train", args.sample)
    feats, labels, owner = examples(arts, args.nouns)
    if args.holdout:
        odd = [i for i, o in enumerate(owner) if o % 2]
        even = [i for i, o in enumerate(owner) if not o % 2]
        weights = fit([feats[i] for i in odd], [labels[i] for i in odd], args.min_count)
        report(weights, [feats[i] for i in even], [labels[i] for i in even])
    if args.write:
        out = args.out.resolve()
        if PACKAGE.resolve() in out.parents:
            ap.error(f"--out {out}: a model trained on PolNeAR (no licence) must not go inside the package")
        out.parent.mkdir(parents=True, exist_ok=True)
        keep = [i for i, o in enumerate(owner) if o % 2 or not args.odd_only]
        weights = fit([feats[i] for i in keep], [labels[i] for i in keep], args.min_count)
        out.write_text(json.dumps({
            "about": "learnt cue detector (allegedly/provenance/cue_model.py): logistic regression weights "
                     "by feature name, fitted on PolNeAR TRAIN by eval/polnear_cue_model.py",
            "threshold": args.threshold, "examples": len(labels), "positives": int(sum(labels)),
            "weights": dict(sorted(weights.items()))}, indent=0, sort_keys=False) + "\n")
        print(f"wrote {out} ({len(weights)} weights, threshold {args.threshold}); "
              f"use it with ALLEGEDLY_CUE_MODEL={out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
