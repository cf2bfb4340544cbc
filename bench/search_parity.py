"""Full-text search on SQLite (FTS5) against PostgreSQL (tsvector index): do they find the same articles?

    python bench/search_parity.py [--queries 300] [--postgres URL]

The 120 Wikinews articles (../shared/corpus; titles and texts, no NLP) go into an SQLite file and
into PostgreSQL (a throwaway server from Debian's binaries unless --postgres names a database).
Queries are drawn with a fixed seed from the texts themselves: single words, two-word phrases
(searched as plain words: phrase hits first, then all words), prefixes, OR, NOT and NEAR. Prints
the share of queries whose hit sets are equal, whose first 10 hits are the same articles, whose
first 10 are in the same order, and the counts' agreement; then a few differing queries.
"""
from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

from allegedly.records import ArticleRecord  # noqa: E402
from allegedly.store import connect, save_record  # noqa: E402
from allegedly.store import queries  # noqa: E402


def articles() -> list[ArticleRecord]:
    from store_bench import texts

    import hashlib

    return [ArticleRecord(id=hashlib.sha256(f"{i}".encode()).hexdigest()[:16], title=title, text=text,
                          source=f"wikinews/{i}") for i, (title, text) in enumerate(texts())]


def draw_queries(recs: list[ArticleRecord], n: int, seed: int = 16) -> list[str]:
    rng = random.Random(seed)
    words = [w for r in recs for w in re.findall(r"[A-Za-z][A-Za-z'-]{2,}", r.text)]
    out = []
    while len(out) < n:
        kind = rng.random()
        a, b = rng.choice(words), rng.choice(words)
        if kind < 0.35:
            q = a
        elif kind < 0.6:  # a phrase taken from a text
            r = rng.choice(recs)
            toks = r.text.split()
            i = rng.randrange(max(len(toks) - 2, 1))
            q = " ".join(toks[i:i + 2])
        elif kind < 0.7:
            q = re.sub(r"\W", "", a)[:4] + "*"
        elif kind < 0.8:
            q = f"{re.sub(r'[^A-Za-z]', '', a)} OR {re.sub(r'[^A-Za-z]', '', b)}"
        elif kind < 0.9:
            q = f"{re.sub(r'[^A-Za-z]', '', a)} NOT {re.sub(r'[^A-Za-z]', '', b)}"
        else:
            r = rng.choice(recs)
            toks = re.findall(r"[A-Za-z]+", r.text)
            i = rng.randrange(max(len(toks) - 4, 1))
            q = f"NEAR({toks[i]} {toks[min(i + 3, len(toks) - 1)]}, 5)"
        if q.strip(" *") and q not in out:
            out.append(q)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--postgres", default="", metavar="URL")
    args = ap.parse_args()
    import pgserver

    if args.postgres:
        url = pgserver.schema_url(pgserver.Server(url=args.postgres, folder=Path("/nonexistent"), bin=Path("."),
                                                  user=None))
    else:
        server, why = pgserver.shared()
        if server is None:
            sys.exit(f"no PostgreSQL server: {why}")
        url = pgserver.schema_url(server)
    recs = articles()
    tmp = tempfile.mkdtemp()
    stores = {"sqlite": connect(f"{tmp}/parity.db"), "postgres": connect(url)}
    for name, conn in stores.items():
        t0 = time.perf_counter()
        for r in recs:
            save_record(conn, r)
        print(f"{name}: stored {len(recs)} articles in {time.perf_counter() - t0:.1f} s")
    qs = draw_queries(recs, args.queries)
    same_set = same_top = same_order = same_count = errors_alike = 0
    differ = []
    took = {name: 0.0 for name in stores}
    for q in qs:
        got = {}
        for name, conn in stores.items():
            try:
                got[name] = ([h["id"] for h in queries.search(conn, q, limit=1000)], queries.count_search(conn, q))
                t0 = time.perf_counter()  # what a page costs: the first 20 hits with snippets, and the total
                queries.search(conn, q, limit=20)
                queries.count_search(conn, q)
                took[name] += time.perf_counter() - t0
            except Exception as exc:  # noqa: BLE001 - both engines must refuse alike
                got[name] = (type(exc).__name__, None)
        (a, ca), (b, cb) = got["sqlite"], got["postgres"]
        if isinstance(a, str) or isinstance(b, str):
            errors_alike += a == b
            if a != b:
                differ.append((q, a, b))
            continue
        same_set += set(a) == set(b)
        same_top += set(a[:10]) == set(b[:10])
        same_order += a[:10] == b[:10]
        same_count += ca == cb == len(a) == len(b)
        if set(a) != set(b):
            differ.append((q, len(a), len(b)))
    n = len(qs)
    print(f"{n} queries (seed 16) over {len(recs)} Wikinews articles")
    print(f"  same hit set:               {same_set + errors_alike}/{n} ({(same_set + errors_alike) / n:.1%})")
    print(f"  same first 10 (as a set):   {same_top + errors_alike}/{n}")
    print(f"  same first 10, same order:  {same_order + errors_alike}/{n}")
    print(f"  count_search agrees:        {same_count + errors_alike}/{n}")
    for name, t in took.items():
        print(f"  {name}: {t / n * 1000:.1f} ms per query (first 20 hits with snippets + count)")
    for q, a, b in differ[:10]:
        print(f"  differs: {q!r}: sqlite {a}, postgres {b}")


if __name__ == "__main__":
    main()
