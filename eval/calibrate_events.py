"""Fit the event confidence calibration (Platt scaling) and report its reliability.

    python eval/calibrate_events.py [--write]

Labelled events: the main event of each PLOVER gold record (the one ``eval/plover_eval.py``
scores; label = its type equals the gold type) and the article main event of each mappable
CASE 2021 dev snippet (label = its type equals the strict PLOVER mapping). Fit on the develop
halves (PLOVER records with an even index, CASE even rows); report Brier score and expected
calibration error (10 equal-width bins) on the odd halves, raw and calibrated. ``--write``
stores the coefficients in allegedly/data/event_calibration.json (a handful of numbers, no data).
"""
from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import case_eval  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "allegedly" / "data" / "event_calibration.json"
import plover_eval  # noqa: E402


def _labelled() -> list[tuple[str, list[float], int]]:
    """(half, features, label) for every labelled main event, scored with raw confidences."""
    from allegedly.events import calibration
    from allegedly.events.ontology import current_type
    from allegedly.nlp import ArticleContext
    from allegedly.pipeline import Pipeline

    calibration.ENABLED = False  # raw scores while fitting
    calibration.model.cache_clear()
    out = []
    rows = case_eval.load(case_eval.DEFAULT_TSV)
    for i, (row, rec) in enumerate(zip(rows, case_eval.run(rows))):
        gold = case_eval.STRICT.get(row["SubType"])
        main = case_eval.main_of(rec)
        if gold and main is not None:
            out.append(("even" if i % 2 == 0 else "odd", calibration.features(main.type, main.main, main.confidence),
                        int(main.type == gold)))
    records = [r for r in json.loads(plover_eval.DEFAULT_GOLD.read_text("utf-8"))
               if r.get("text") and current_type(r.get("event"))]
    nlp = Pipeline().nlp

    def docs():
        for r in records:
            doc = nlp.make_doc(r["text"].strip())
            doc._.context = ArticleContext(published=r.get("date"))
            yield doc

    for i, (r, doc) in enumerate(zip(records, nlp.pipe(docs(), batch_size=64))):
        ev = plover_eval.main_event(doc)
        if ev is not None:
            out.append(("even" if i % 2 == 0 else "odd", calibration.features(ev.type, ev.main, ev.confidence),
                        int(ev.type == current_type(r["event"]))))
    calibration.model.cache_clear()
    return out


def fit(xs: list[list[float]], ys: list[int], l2: float = 0.1, steps: int = 50) -> tuple[float, list[float]]:
    """Logistic regression by Newton's method (IRLS) with a small ridge penalty."""
    import numpy as np

    X = np.hstack([np.ones((len(xs), 1)), np.array(xs, dtype=float)])
    y = np.array(ys, dtype=float)
    w = np.zeros(X.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-X @ w))
        grad = X.T @ (p - y) + l2 * np.r_[0, w[1:]]
        hess = (X * (p * (1 - p))[:, None]).T @ X + l2 * np.diag(np.r_[0, np.ones(len(w) - 1)])
        w -= np.linalg.solve(hess, grad)
    return float(w[0]), [float(v) for v in w[1:]]


def reliability(ps: list[float], ys: list[int]) -> tuple[float, float]:
    brier = sum((p - y) ** 2 for p, y in zip(ps, ys)) / len(ps)
    ece = 0.0
    for b in range(10):
        idx = [i for i, p in enumerate(ps) if b / 10 <= p < (b + 1) / 10 or (b == 9 and p == 1.0)]
        if idx:
            ece += len(idx) / len(ps) * abs(sum(ps[i] for i in idx) / len(idx) - sum(ys[i] for i in idx) / len(idx))
    return brier, ece


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write", action="store_true", help="store the fitted model in allegedly/data")
    args = ap.parse_args(argv)
    data = _labelled()
    dev = [(x, y) for h, x, y in data if h == "even"]
    rep = [(x, y) for h, x, y in data if h == "odd"]
    b, w = fit([x for x, _ in dev], [y for _, y in dev])
    from allegedly.events.calibration import FEATURES

    def cal(x):
        return 1 / (1 + math.exp(-(b + sum(wi * xi for wi, xi in zip(w, x)))))

    from allegedly.events.calibration import CALIBRATION_PATH

    shipped = json.loads(CALIBRATION_PATH.read_text("utf-8")) if CALIBRATION_PATH.exists() else None

    def ship(x):  # the model in allegedly/data now: does it still fit the current rules?
        z = shipped["intercept"] + sum(wi * xi for wi, xi in zip(shipped["weights"], x))
        return 1 / (1 + math.exp(-z))

    print(f"fitted on {len(dev)} develop events, reported on {len(rep)} held-out events")
    print("coefficients:", {"intercept": round(b, 3), **{f: round(v, 3) for f, v in zip(FEATURES, w)}})
    for name, rows in (("develop", dev), ("held-out", rep)):
        ys = [y for _, y in rows]
        raw = reliability([x[0] for x, _ in rows], ys)
        new = reliability([cal(x) for x, _ in rows], ys)
        old = reliability([ship(x) for x, _ in rows], ys) if shipped else (float("nan"), float("nan"))
        print(f"{name:9s} accuracy {sum(ys) / len(ys):.3f}  raw: Brier {raw[0]:.3f} ECE {raw[1]:.3f}"
              f"  shipped: Brier {old[0]:.3f} ECE {old[1]:.3f}  refitted: Brier {new[0]:.3f} ECE {new[1]:.3f}")
    if args.write:
        OUT.write_text(json.dumps({
            "_about": "Platt scaling of the event coder's raw confidence, fitted by eval/calibrate_events.py on "
                      "PLOVER gold records (even index) and CASE 2021 dev even rows: P(type right) = "
                      "1 / (1 + exp(-(intercept + weights · features))).",
            "features": list(FEATURES), "intercept": round(b, 4), "weights": [round(v, 4) for v in w],
            "fitted_on": len(dev)}, indent=1) + "\n", "utf-8")
        print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
