"""The web API's cost per request, including the requests a hostile client sends.

    python bench/web_bench.py [--db allegedly.db | --db postgresql://…] [--repeat 5] [--postgres]

--postgres builds the store on a throwaway PostgreSQL server (tests/pgserver.py) instead of a file.

Builds a store from examples/articles unless --db names one, then times each endpoint
in-process (FastAPI's TestClient, no network) and prints the median time and status.
The hostile rows are the issue-12 probes: before the bounds, 800 repeats of "the" took
47 s; they must now answer 400 at once.
"""
from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
URLS = [
    "/api/stats", "/api/articles?limit=50", "/api/claims?limit=1000", "/api/claims?source=IS%20defectors",
    "/api/events?limit=1000", "/api/quotes?limit=1000", "/api/search?q=Sky%20News", "/api/stories",
    "/api/sources", "/api/network", "/api/geo", "/api/timeline?by=event", "/api/claims/000_4dec16913f75ed72/2",
    "/", "/map", "/network", "/articles/000_4dec16913f75ed72",
    # hostile
    "/api/search?q=" + "+".join(["the"] * 800), "/api/search?q=" + "+".join(f"w{i}" for i in range(25)),
    f"/api/claims?offset={2**63}", "/api/claims?contains=" + "x" * 60_000, "/api/articles/" + "x" * 60_000,
]


def main() -> None:
    from click.testing import CliRunner
    from fastapi.testclient import TestClient

    from allegedly import cli
    from allegedly.web import create_app

    parser = argparse.ArgumentParser()
    parser.add_argument("--db")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--postgres", action="store_true", help="build the store on a throwaway PostgreSQL server")
    args = parser.parse_args()
    db = (args.db if args.db and args.db.startswith("postgresql://") else Path(args.db)) if args.db \
        else Path(tempfile.mkdtemp()) / "bench.db"
    if args.postgres and not args.db:
        import sys

        sys.path.insert(0, str(ROOT / "tests"))
        import pgserver

        server, why = pgserver.shared()
        if server is None:
            raise SystemExit(f"no PostgreSQL server: {why}")
        db = pgserver.schema_url(server)
    if not args.db:
        result = CliRunner().invoke(cli.main, ["ingest", str(ROOT / "examples" / "articles"), "--db", str(db)])
        assert result.exit_code == 0, result.output
    client = TestClient(create_app(db))
    print(f"{'url':60} {'status':>6} {'median ms':>10} {'bytes':>8}")
    for url in URLS:
        times, r = [], None
        for _ in range(args.repeat):
            start = time.perf_counter()
            r = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        print(f"{url[:60]:60} {r.status_code:>6} {statistics.median(times):>10.1f} {len(r.content):>8}")


if __name__ == "__main__":
    main()
