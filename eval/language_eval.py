"""Language detection on the shared English sets: how many English texts would leave the English
pipeline (a wrong non-English verdict costs all their claims and events).

    python eval/language_eval.py

Sets: the 120 Wikinews articles (../shared/corpus), the 516 CASE 2021 snippets (one to three
sentences: the hard, short case) and the ECB+ texts (../shared/eval/ecb-plus). Every one is
English; the figure to watch is "routed away" (detected as another language with confidence).
"""
from __future__ import annotations

import csv
import glob
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from allegedly.language import detect  # noqa: E402
from conftest import SHARED, wikinews_paths  # noqa: E402


def sets() -> dict[str, list[str]]:
    from allegedly.clean import clean
    from allegedly.ingest.cat import read_cat_xml

    out = {"wikinews": [clean(read_cat_xml(p).text)[0] for p in wikinews_paths()]}
    case = SHARED / "eval" / "case2021" / "dev.tsv"
    if case.exists():
        with case.open(encoding="utf-8") as fh:
            out["case2021"] = [row["EventSnippet"] for row in csv.DictReader(fh, delimiter="\t")]
    ecb = sorted(glob.glob(str(SHARED / "eval" / "ecb-plus" / "*" / "*.xml")))
    if ecb:
        from allegedly.ingest.cat import read_cat_xml

        texts = []
        for p in ecb:
            try:
                texts.append(read_cat_xml(p).text)
            except Exception:  # noqa: BLE001 - a set this script cannot read is left out
                continue
        out["ecb-plus"] = texts
    return {k: v for k, v in out.items() if v}


def main() -> None:
    found = sets()
    if not found:
        sys.exit(f"no shared sets under {SHARED}")
    print(f"{'set':<10} {'texts':>6} {'en':>6} {'und':>5} {'routed away':>12}  other codes   ms/text")
    for name, texts in found.items():
        t0 = time.perf_counter()
        codes = Counter(detect(t).code for t in texts)
        ms = (time.perf_counter() - t0) * 1000 / len(texts)
        away = sum(n for c, n in codes.items() if c not in ("en", "und"))
        other = ", ".join(f"{c}×{n}" for c, n in codes.most_common() if c not in ("en", "und"))
        print(f"{name:<10} {len(texts):>6} {codes['en']:>6} {codes['und']:>5} {away:>5} ({away / len(texts):.1%})"
              f"  {other or '-':<12} {ms:.2f}")


if __name__ == "__main__":
    main()
