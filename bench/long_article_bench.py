"""Time and peak memory of one long article against bare spaCy on the same text.

    python bench/long_article_bench.py [--sizes 10000,100000,1000000] [--layout paragraphs|one-line]

The article is the bundled examples (examples/articles) joined and repeated up to
each size; every sentence of a repeated copy carries the copy number, so cleaning's
repeated-line rule and provenance's repeated-sentence folding keep it ("one-line" joins everything into a single line, the
worst case for anything that scans lines). Each measurement runs in a fresh
subprocess, so its peak RSS is its own; model loading is outside the timing.

- bare:    spacy.load(model); nlp(text) with nlp.max_length raised — spaCy alone
- article: Pipeline.process(one RawArticle) — what ingest does to it
- tenths:  the same text cut into 10 articles (at paragraph breaks), Pipeline.process_many
           (issue 16: one 1 MB article ≤ 1.2× the time of the same text as 10 articles,
           peak memory ≤ 2 GB)

Targets (issue 12): article ≤ 1.3× bare at every size.
"""
from __future__ import annotations

import argparse
import json
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


# Before each sentence's full stop: every sentence of a copy differs from the original, as in a
# real long text (cleaning drops repeated lines; provenance folds repeated sentences).
_SENTENCE_END = re.compile(r"(\w)([.!?])(?=\s|$)")


def bodies() -> list[str]:
    from allegedly.ingest import read_inputs

    return [a.text for a in read_inputs([str(ROOT / "examples" / "articles")]) if hasattr(a, "text")]


def long_text(size: int, layout: str = "paragraphs") -> str:
    parts, total, copy = [], 0, 0
    base = bodies()
    while total < size:
        for body in base:
            lines = body.split("\n")
            if copy:
                lines = [_SENTENCE_END.sub(rf"\1 ({copy})\2", line) for line in lines]
            parts.append("\n".join(lines))
            total += len(parts[-1]) + 2
            if total >= size:
                break
        copy += 1
    text = "\n\n".join(parts)[:size]
    return " ".join(text.split()) if layout == "one-line" else text


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(mode: str, size: int, layout: str) -> dict:
    text = long_text(size, layout)
    if mode == "bare":
        import spacy

        from allegedly.settings import Settings

        nlp = spacy.load(Settings().model)
        nlp.max_length = max(nlp.max_length, len(text) + 1)
        t0 = time.perf_counter()
        nlp(text)
        return {"seconds": time.perf_counter() - t0, "peak_mb": _peak_mb()}
    from allegedly.pipeline import Pipeline
    from allegedly.records import RawArticle
    from allegedly.windows import windows_of

    pipe = Pipeline()
    # Load everything outside the timing (model, gazetteer, language model): one short article.
    list(pipe.process_many([RawArticle(source="warm-up", title="Warm-up", text=bodies()[0])]))
    if mode == "article":
        raws = [RawArticle(source="long", title="A long article", text=text)]
    else:
        raws = [RawArticle(source=f"tenth-{i}", title=f"Part {i}", text=w)
                for i, w in enumerate(windows_of(text, -(-len(text) // 10)))]
    t0 = time.perf_counter()
    outcomes = list(pipe.process_many(raws))
    seconds = time.perf_counter() - t0
    errors = [o.error.problem for o in outcomes if o.error]
    claims = sum(len(o.record.claims) for o in outcomes if o.record)
    return {"seconds": seconds, "peak_mb": _peak_mb(), "errors": errors, "claims": claims,
            "articles": len(raws)}


def run(mode: str, size: int, layout: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--one", mode, str(size), layout],
                         capture_output=True, text=True, check=False)
    if out.returncode:
        return {"failed": out.stderr.strip().splitlines()[-1:] or ["?"]}
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--layout", choices=["paragraphs", "one-line"], default="paragraphs")
    ap.add_argument("--modes", default="bare,article,tenths")
    ap.add_argument("--one", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        mode, size, layout = args.one
        print(json.dumps(measure(mode, int(size), layout)))
        return
    modes = args.modes.split(",")
    print(f"layout {args.layout}; peak = the subprocess's max RSS (model included)")
    print(f"{'chars':>9} {'mode':>8} {'seconds':>8} {'peak MB':>8} {'× bare':>7}  notes")
    for size in (int(s) for s in args.sizes.split(",")):
        results = {m: run(m, size, args.layout) for m in modes}
        bare = results.get("bare", {}).get("seconds")
        for m, r in results.items():
            if "failed" in r:
                print(f"{size:>9,} {m:>8}  failed: {r['failed'][0]}")
                continue
            ratio = f"{r['seconds'] / bare:.2f}" if bare else "-"
            notes = []
            if "claims" in r:
                notes.append(f"{r['articles']} article(s), {r['claims']} claims, {len(r['errors'])} errors")
            if m == "tenths" and "article" in results and "seconds" in results["article"]:
                notes.append(f"article/tenths {results['article']['seconds'] / r['seconds']:.2f}")
            print(f"{size:>9,} {m:>8} {r['seconds']:>8.1f} {r['peak_mb']:>8.0f} {ratio:>7}  {'; '.join(notes)}")
            for e in r.get("errors", [])[:3]:
                print(f"{'':>9} {'':>8}  error: {e[:150]}")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
