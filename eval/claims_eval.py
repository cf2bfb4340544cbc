"""Score allegedly's claim status, source and cue on a hand-made gold set of Wikinews sentences.

    python eval/claims_eval.py [--gold eval/claims_gold.jsonl]

Each gold record is one real sentence of a Wikinews article (../shared/corpus) with the
expected status, source (the origin of the chain as written; null when the writer asserts)
and cue (the word that decides the status; null for asserted). The article goes through
the full pipeline; the sentence is aligned with the claim whose span overlaps it most.

Fields and matching:
- status: exact, after folding ``claimed`` into ``alleged`` (the issue treats them as one
  class; the package keeps the finer split). Accuracy, per-class P/R/F1, confusion table.
- source: predicted = the last hop of the chain when the chain has more than the publisher.
  A match when, lower-cased without punctuation and leading determiners, one name's words
  contain the other's ("Djamal" ~ "Jusman Syafii Djamal").
- cue: predicted = the cue that decided the status; same word-containment match.
- origin_kind (optional, on some records): the kind of the origin as read in the sentence
  (person, group, official, outlet, document, anonymous; rules in allegedly/provenance/kinds.py).
  Accuracy over the labelled records, and over those whose source was found.
  For source and cue, precision = matches / predicted non-null, recall = matches / gold non-null.

Splits: ``dev`` records were labelled first and their misses drove the rule fixes;
``heldout`` records were labelled afterwards, before the system was run on them, and were
not used to change any rule. Quote the held-out figures as the honest ones. ``issue3`` records
cover the shapes of the issue 3 review (quotes after a colon, "he continued", "went on to say",
"according to" a medium or a website, a source-less "appears"); they were labelled by reading
after those fixes, some from sentences whose output had been seen: a regression set, not held out.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from conftest import wikinews_paths  # noqa: E402

DEFAULT_GOLD = ROOT / "eval" / "claims_gold.jsonl"
STATUSES = ["asserted", "reported", "alleged", "denied", "hypothetical", "future"]
_DETS = {"the", "a", "an", "some", "mr", "mrs", "ms", "dr", "prof", "sir"}


@dataclass(frozen=True)
class Row:
    gold: dict
    status: str | None  # None: no claim covers the sentence
    source: str | None
    cue: str | None
    chain: str = ""
    origin_kind: str | None = None  # kind of the chain's last hop when it has more than the publisher


def load_gold(path: Path = DEFAULT_GOLD) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def fold(status: str | None) -> str | None:
    return "alleged" if status == "claimed" else status


def predicted(claim) -> tuple[str, str | None, str | None]:
    from allegedly.provenance.status import deciding_cue

    source = claim.chain[-1].name if len(claim.chain) > 1 else None
    cue = deciding_cue(claim.cues, claim.status)
    return fold(claim.status), source, cue.text if cue else None


def _overlap(span, a: int, b: int) -> int:
    return max(0, min(span[1], b) - max(span[0], a))


def align(record, sentence: str):
    """The claim whose span overlaps the gold sentence most (None if the sentence is not found)."""
    at = record.text.find(sentence)
    if at < 0:
        return None
    end = at + len(sentence)
    best = max(record.claims, key=lambda c: _overlap(c.span, at, end), default=None)
    return best if best is not None and _overlap(best.span, at, end) > 0 else None


def run(gold: list[dict], pipeline=None) -> list[Row]:
    from allegedly.ingest.cat import read_cat_xml
    from allegedly.pipeline import Pipeline
    from allegedly.provenance.chains import chain_text

    paths = {Path(p).name: p for p in wikinews_paths()}
    missing = sorted({g["article"] for g in gold} - set(paths))
    if missing:
        raise SystemExit(f"claims_eval: gold articles not found in the corpus: {missing[:3]}")
    pipeline = pipeline or Pipeline()
    names = sorted({g["article"] for g in gold})
    records = {n: pipeline.process(read_cat_xml(paths[n])) for n in names}
    rows = []
    for g in gold:
        claim = align(records[g["article"]], g["sentence"])
        if claim is None:
            rows.append(Row(g, None, None, None))
        else:
            kind = claim.chain[-1].kind if len(claim.chain) > 1 else None
            rows.append(Row(g, *predicted(claim), chain=chain_text(claim.chain), origin_kind=kind))
    return rows


def _norm(text: str | None) -> list[str]:
    words = re.findall(r"[a-z0-9]+", (text or "").lower())
    while words and words[0] in _DETS:
        words = words[1:]
    return words


def match(gold: str | None, got: str | None) -> bool:
    g, p = _norm(gold), _norm(got)
    if not g or not p:
        return False
    return set(g) <= set(p) or set(p) <= set(g)


def prf(tp: int, n_pred: int, n_gold: int) -> dict:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "tp": tp,
            "predicted": n_pred, "gold": n_gold}


def field_scores(rows: list[Row], field: str) -> dict:
    pairs = [(r.gold[field], getattr(r, field)) for r in rows]
    tp = sum(match(g, p) for g, p in pairs)
    return prf(tp, sum(p is not None for _, p in pairs), sum(g is not None for g, _ in pairs))


def status_scores(rows: list[Row]) -> dict:
    out = {"accuracy": sum(r.status == r.gold["status"] for r in rows) / len(rows)}
    for s in STATUSES:
        tp = sum(r.status == s == r.gold["status"] for r in rows)
        out[s] = prf(tp, sum(r.status == s for r in rows), sum(r.gold["status"] == s for r in rows))
    return out


def confusion(rows: list[Row]) -> Counter:
    return Counter((r.gold["status"], r.status or "none") for r in rows)


def origin_kind_scores(rows: list[Row]) -> dict:
    """Accuracy of the origin's kind on records labelled with one: over all of them, and over
    those whose source was found (the kind of a wrong source says little about the kind rule)."""
    labelled = [r for r in rows if r.gold.get("origin_kind")]
    found = [r for r in labelled if match(r.gold["source"], r.source)]
    right = [r for r in found if r.origin_kind == r.gold["origin_kind"]]
    return {"labelled": len(labelled), "found": len(found), "right": len(right),
            "accuracy": len(right) / len(labelled) if labelled else 0.0,
            "accuracy_found": len(right) / len(found) if found else 0.0}


def score(rows: list[Row]) -> dict:
    return {"n": len(rows), "status": status_scores(rows), "source": field_scores(rows, "source"),
            "cue": field_scores(rows, "cue"), "origin_kind": origin_kind_scores(rows)}


def misses(rows: list[Row]) -> list[Row]:
    return [r for r in rows if r.status != r.gold["status"] or not _ok(r, "source") or not _ok(r, "cue")
            or _kind_wrong(r)]


def _kind_wrong(r: Row) -> bool:
    want = r.gold.get("origin_kind")
    return bool(want) and match(r.gold["source"], r.source) and r.origin_kind != want


def _ok(r: Row, field: str) -> bool:
    g, p = r.gold[field], getattr(r, field)
    return (g is None and p is None) or match(g, p)


def report(rows: list[Row]) -> str:
    s = score(rows)
    lines = [f"claims eval: {s['n']} gold sentences from {len({r.gold['article'] for r in rows})} "
             f"Wikinews articles", f"status accuracy: {s['status']['accuracy']:.3f}", "",
             f"{'field':<14}{'P':>7}{'R':>7}{'F1':>7}{'tp':>5}{'pred':>6}{'gold':>6}"]
    for name, v in [("source", s["source"]), ("cue", s["cue"])] + [
            (f"status={k}", s["status"][k]) for k in STATUSES]:
        lines.append(f"{name:<14}{v['precision']:>7.3f}{v['recall']:>7.3f}{v['f1']:>7.3f}"
                     f"{v['tp']:>5}{v['predicted']:>6}{v['gold']:>6}")
    k = s["origin_kind"]
    lines.append(f"origin kind: {k['right']}/{k['labelled']} labelled = {k['accuracy']:.3f}; "
                 f"{k['right']}/{k['found']} where the source was found = {k['accuracy_found']:.3f}")
    cm = confusion(rows)
    cols = STATUSES + ["none"]
    lines += ["", "status confusion (rows gold, columns predicted):",
              f"{'':<14}" + "".join(f"{c[:6]:>8}" for c in cols)]
    for g in STATUSES:
        lines.append(f"{g:<14}" + "".join(f"{cm.get((g, c), 0):>8}" for c in cols))
    lines += ["", "misses (gold → predicted):"]
    for r in misses(rows):
        g = r.gold
        lines.append(f"- [{g['article'][:28]}] {g['sentence'][:90]}")
        lines.append(f"    status {g['status']} → {r.status}; source {g['source']!r} → {r.source!r}; "
                     f"cue {g['cue']!r} → {r.cue!r}; chain {r.chain}"
                     + (f"; origin kind {g['origin_kind']} → {r.origin_kind}" if _kind_wrong(r) else ""))
    return "\n".join(lines)


def summary(rows: list[Row], name: str) -> str:
    s = score(rows)
    return (f"{name:<8} n={s['n']:<4} status acc {s['status']['accuracy']:.3f}  "
            f"source P/R {s['source']['precision']:.3f}/{s['source']['recall']:.3f}  "
            f"cue P/R {s['cue']['precision']:.3f}/{s['cue']['recall']:.3f}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    ap.add_argument("--split", choices=["dev", "heldout", "test", "issue3"], help="score one split only")
    args = ap.parse_args()
    gold = [g for g in load_gold(args.gold) if args.split in (None, g.get("split"))]
    rows = run(gold)
    for split in sorted({r.gold.get("split", "dev") for r in rows}):
        print(summary([r for r in rows if r.gold.get("split", "dev") == split], split))
    print()
    print(report(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
