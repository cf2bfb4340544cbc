"""Which words cue attributions in PolNeAR's TRAIN split: candidates for the cue lexicon.

    python eval/polnear_cues.py [--min 3] [--ratio 0.3]

For every gold cue, the head token of its span (the word whose syntactic head lies outside
it) is counted by (lemma, coarse POS); so is every token of the split. A lemma whose share of
occurrences that are gold cue heads reaches --ratio, seen at least --min times, is printed
with its counts. allegedly/provenance/lexicon.py was extended by reading this list (train
only; the dev split is never read here). Uses polnear_eval's parse cache.
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import polnear_eval as pe  # noqa: E402


def count(sample: int | None = None) -> tuple[Counter, Counter]:
    from allegedly.pipeline import Pipeline

    pipeline = Pipeline()
    cues, every = Counter(), Counter()
    for art in pe.load_split("train", sample):
        doc = pe._parsed(pipeline, art)
        ws = pe.words(art.text)
        if doc.text != art.text:
            continue  # the cleaner cut something: offsets differ, skip rather than misalign
        every.update((t.lemma_.lower(), t.pos_) for t in doc if t.is_alpha)
        for g in art.gold:
            if not g.cue:
                continue
            s, e = ws[min(g.cue)][0], ws[max(g.cue)][1]
            span = doc.char_span(s, e, alignment_mode="expand")
            if span is not None:
                cues[(span.root.lemma_.lower(), span.root.pos_)] += 1
    return cues, every


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--min", type=int, default=3)
    ap.add_argument("--ratio", type=float, default=0.3)
    ap.add_argument("--sample", type=int, default=None)
    args = ap.parse_args(argv)
    cues, every = count(args.sample)
    for (lemma, pos), n in cues.most_common():
        share = n / max(1, every[(lemma, pos)])
        if n >= args.min and share >= args.ratio:
            print(f"{n:5d} {every[(lemma, pos)]:6d} {share:.2f} {pos:5s} {lemma}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
