"""Run clean() over the 120 Wikinews articles and print every removal.

Usage: python eval/clean_corpus.py [--quiet]
Prints, per article with cuts, its index, file name and each removal
(reason, span, text); then counts by reason and the total. The total is
pinned in tests/test_clean.py after reading every cut by eye.
"""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from conftest import wikinews_paths  # noqa: E402

from allegedly.clean import clean  # noqa: E402
from allegedly.ingest.cat import read_cat_xml  # noqa: E402


def main(quiet: bool = False) -> None:
    paths = wikinews_paths()
    if not paths:
        sys.exit("no Wikinews corpus found (needs ../shared/corpus)")
    reasons: Counter[str] = Counter()
    touched = 0
    for index, path in enumerate(paths):
        _, removals = clean(read_cat_xml(path).text)
        if not removals:
            continue
        touched += 1
        if not quiet:
            print(f"[{index}] {Path(path).name}")
        for r in removals:
            reasons[r.reason] += 1
            if not quiet:
                print(f"    {r.reason:13} {r.span} {r.text!r}")
    print(f"articles: {len(paths)}  with cuts: {touched}  removed: {sum(reasons.values())}")
    for reason, n in sorted(reasons.items()):
        print(f"  {reason}: {n}")


if __name__ == "__main__":
    main(quiet="--quiet" in sys.argv)
