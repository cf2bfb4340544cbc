"""Train the attribution tagger (allegedly/provenance/tagger.py) on PolNeAR's TRAIN split.

    python eval/polnear_tagger.py [--half odd] [--sample N] [--out PATH] [--threshold 0.8]
                                  [--holdout] [--c1 0.05] [--c2 0.01] [--iterations 150]

Every sentence of a TRAIN article that is not mostly inside a direct quote is one sequence;
each word's label is CUE, SRC or CON when it lies inside a gold cue, source or content (a
word in two attributions takes the first of cue, source, content: the inner attribution's
role), else O; a punctuation token takes the label of the words both sides of it when they
agree. A linear-chain CRF (CRFsuite, L-BFGS, L1 + L2) is fitted and written to --out
(default eval/.cache/attribution_tagger.crfsuite, git-ignored) with the threshold beside it
(PATH.threshold). PolNeAR states no licence, so the model is never written into the package:
point ALLEGEDLY_ATTRIBUTION_TAGGER at the file to use it (polnear_eval.py --tagger does).
--half odd fits on the odd-numbered articles only, to choose the threshold on the even ones
(polnear_eval.py --split train --half even --tagger PATH); the dev split is never read here.
--holdout (with --half odd) prints word-level P/R of each label on the even articles.
Uses polnear_eval's parse cache.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import polnear_eval as pe  # noqa: E402

DEFAULT_OUT = pe.ROOT / "eval" / ".cache" / "attribution_tagger.crfsuite"


def sequences(arts, log=print, asserted_only: bool = False):
    """(features, labels) of each sentence outside direct quotes, article by article; with
    ``asserted_only`` only the sentences the rules leave with the writer (what the tagger reads)."""
    from allegedly.pipeline import Pipeline
    from allegedly.provenance.extract import extract
    from allegedly.provenance.settle import sourced
    from allegedly.provenance.quotes import quote_spans
    from allegedly.provenance.tagger import features

    pipeline = Pipeline()
    for n, art in enumerate(arts):
        doc = pe._parsed(pipeline, art)
        _, cw, to_raw = pe._aligner(art.text, doc.text)
        role = {}
        for g in art.gold:
            for name, ix in (("CON", g.content), ("SRC", g.source), ("CUE", g.cue)):
                for i in ix:  # later roles win: cue over source over content
                    if _RANK[name] > _RANK.get(role.get(i), -1):
                        role[i] = name
        starts = {s: i for i, (s, _) in enumerate(cw)}
        quotes = quote_spans(doc.text)
        held = []
        if asserted_only:
            claims, _ = extract(doc, doc._.context)
            held = [c.span for c in claims if sourced(c.chain)]
        for sent in doc.sents:
            if pe._quoted_share((sent.start_char, sent.end_char), quotes) > 0.5 or len(sent) < 4:
                continue
            if any(sent.start_char <= s < sent.start_char + 3 and e >= sent.end_char - 2 for s, e in held):
                continue  # the rules attribute the sentence: the tagger never reads it
            raw = [to_raw.get(starts.get(t.idx, -1)) for t in sent]
            labels = [role.get(r, "O") if r is not None else None for r in raw]
            for k, lab in enumerate(labels):
                if lab is None:
                    before = next((x for x in reversed(labels[:k]) if x is not None), "O")
                    after = next((x for x in labels[k + 1:] if x is not None), "O")
                    labels[k] = before if before == after else "O"
            yield n, features(sent, quotes), labels
        if (n + 1) % 100 == 0:
            log(f"  {n + 1}/{len(arts)} articles", file=sys.stderr)


_RANK = {"CON": 0, "SRC": 1, "CUE": 2}


def train(seqs, out: Path, c1: float, c2: float, iterations: int) -> int:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    count = 0
    for _, feats, labels in seqs:
        trainer.append(feats, labels)
        count += 1
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": iterations,
                        "feature.possible_transitions": True, "feature.minfreq": 2})
    out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out))
    return count


def holdout(path: Path, seqs) -> None:
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    n = Counter()
    for _, feats, labels in seqs:
        pred = tagger.tag(feats)
        for p, y in zip(pred, labels):
            n[(p, y)] += 1
    for lab in ("CUE", "SRC", "CON"):
        tp = n[(lab, lab)]
        ps = sum(v for (p, _), v in n.items() if p == lab)
        ys = sum(v for (_, y), v in n.items() if y == lab)
        print(f"  {lab}: words {ys}, P {tp / max(1, ps):.3f} R {tp / max(1, ys):.3f}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--half", choices=["odd"], default=None)
    ap.add_argument("--sample", type=int, default=None)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--threshold", type=float, default=0.8)
    ap.add_argument("--c1", type=float, default=0.05)
    ap.add_argument("--c2", type=float, default=0.01)
    ap.add_argument("--iterations", type=int, default=150)
    ap.add_argument("--holdout", action="store_true")
    ap.add_argument("--asserted-only", action="store_true",
                    help="train on the sentences the rules leave asserted only (those the tagger reads)")
    args = ap.parse_args(argv)
    os.environ.pop("ALLEGEDLY_ATTRIBUTION_TAGGER", None)  # the rules alone decide what is asserted
    out = args.out.resolve()
    if pe.ROOT / "allegedly" in out.parents:
        raise SystemExit(f"{out}: not inside the package (PolNeAR states no licence)")
    t0 = time.process_time()
    arts = pe.load_split("train", args.sample, half=args.half)
    count = train(sequences(arts, asserted_only=args.asserted_only), out, args.c1, args.c2, args.iterations)
    Path(str(out) + ".threshold").write_text(f"{args.threshold}\n", encoding="utf-8")
    print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB; {count} sentences of {len(arts)} articles; "
          f"threshold {args.threshold}; {time.process_time() - t0:.0f} s CPU)")
    if args.holdout:
        even = pe.load_split("train", args.sample, half="even")
        holdout(out, sequences(even, asserted_only=args.asserted_only))
    return 0


if __name__ == "__main__":
    sys.exit(main())
