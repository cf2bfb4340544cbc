"""Store throughput: save_record per article (one commit each), FTS search, ref lookup.

    python bench/store_bench.py [--n 5000] [--repeat 3] [--postgres [URL]]

With --postgres the same runs go to PostgreSQL: the database at URL, or (no URL) a throwaway
server started from Debian's binaries as the tests do (tests/pgserver.py); each run gets a new schema.

Records are built from the Wikinews texts when ../shared is present (else a
synthetic paragraph), each with ~30 entities and a few removals, and given
distinct ids, so the figure is the store's cost alone (no spaCy). Medians printed.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from allegedly.records import ArticleRecord, Dateline, DateMention, Entity, Removal  # noqa: E402
from allegedly.store import connect, resolve_ref, save_record  # noqa: E402
from allegedly.store import queries  # noqa: E402


def texts() -> list[tuple[str, str]]:
    try:
        from conftest import wikinews_paths
        from allegedly.ingest.cat import read_cat_xml

        arts = [read_cat_xml(p) for p in wikinews_paths()]
        if arts:
            return [(a.title, a.text) for a in arts]
    except Exception:  # noqa: BLE001 - the synthetic text below is the fallback
        pass
    para = "Officials said the convoy left Palmyra for Raqqa on Monday, according to local media. " * 30
    return [("Synthetic article", para)]


def records(n: int) -> list[ArticleRecord]:
    base = texts()
    out = []
    for i in range(n):
        title, text = base[i % len(base)]
        words = [(m, m + 6) for m in range(0, max(len(text) - 6, 1), max(len(text) // 30, 7))][:30]
        out.append(ArticleRecord(
            id=hashlib.sha256(str(i).encode()).hexdigest()[:16], title=f"{title} #{i}", text=text, outlet="Wikinews", source=f"bench/{i:06d}.txt",
            published="2016-05-03",
            dateline=Dateline(text="LONDON", place="London", dates=[DateMention("3 May 2016", "gregorian", "2016-05-03")]),
            removed=[Removal("Also Read: X", "teaser", (0, 12), at=0)] * 3,
            entities=[Entity(text[s:e], "place", (s, e), id="geonames:1", lat=1.0, lon=2.0, country="SY")
                      for s, e in words],
        ))
    return out


def once(recs: list[ArticleRecord], server=None) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "bench.db") if server is None else server()
        conn = connect(path)
        t0 = time.perf_counter()
        for r in recs:
            save_record(conn, r)
        t1 = time.perf_counter()
        for word in ("government", "police", "election", "Apple", "president"):
            queries.search(conn, word, limit=20)
        t2 = time.perf_counter()
        for r in recs[:: max(len(recs) // 50, 1)]:
            resolve_ref(conn, r.id[:10])
        t3 = time.perf_counter()
        if server is None:
            size = sum(os.path.getsize(os.path.join(tmp, f)) for f in os.listdir(tmp))
        else:
            size = conn.execute("""SELECT sum(pg_total_relation_size(format('%I.%I', schemaname, tablename)))
                                   FROM pg_tables WHERE schemaname = current_schema()""").fetchone()[0]
        conn.close()
    return {"save_per_s": len(recs) / (t1 - t0), "search_ms": (t2 - t1) / 5 * 1000,
            "ref_ms": (t3 - t2) / 50 * 1000, "mb": size / 1e6}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=5000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--postgres", nargs="?", const="", default=None, metavar="URL",
                    help="PostgreSQL: this database, or a throwaway server when no URL is given")
    args = ap.parse_args()
    recs = records(args.n)
    server = None
    if args.postgres is not None:
        server = postgres_target(args.postgres)
    runs = [once(recs, server) for _ in range(args.repeat)]
    med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    engine = "SQLite" if server is None else "PostgreSQL"
    print(f"{engine}: {args.n} articles × {args.repeat} runs (medians)")
    print(f"  save_record (own transaction each): {med['save_per_s']:.0f} articles/s")
    print(f"  FTS search, top 20:                 {med['search_ms']:.2f} ms")
    print(f"  resolve_ref by id prefix:           {med['ref_ms']:.3f} ms")
    print(f"  store size (db + wal / relations):  {med['mb']:.1f} MB")


def postgres_target(url: str):
    """A function giving a new store URL per run: a new schema on ``url`` or on a throwaway server."""
    import pgserver

    if not url:
        server, why = pgserver.shared()
        if server is None:
            sys.exit(f"no PostgreSQL server: {why}")
        return lambda: pgserver.schema_url(server)
    return lambda: pgserver.schema_url(pgserver.Server(url=url, folder=Path("/nonexistent"), bin=Path("."), user=None))


if __name__ == "__main__":
    main()
