"""What a second ingest run pays to start clustering: the saved state against replaying every row.

    python bench/index_state_bench.py [--articles 3000] [--per-day 50] [--keep-recent 500]

Stores synthetic articles (bench/stories_scale.py's generator, dated ``--per-day`` a day)
through the store writers, as ``allegedly ingest`` does, saves the story and event indexes
(index_state), then times, as a new process would: loading the saved state (plus no rows
since), and replaying every stored row (what each run did before the state was saved).
``--keep-recent`` shrinks the story index's recent-arrivals floor so the window shows at
this size (default 50,000 hides it below that many articles).
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

from stories_scale import synthesise  # noqa: E402

from allegedly.store import clusters as store_clusters  # noqa: E402
from allegedly.store import stories as store_stories  # noqa: E402
from allegedly.store.connection import connect  # noqa: E402
from allegedly.store.writers import save_record  # noqa: E402
from allegedly.stories import index as story_index  # noqa: E402


def _cold() -> None:
    store_stories._INDEXES.clear()
    store_clusters._INDEXES.clear()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=3000)
    ap.add_argument("--per-day", type=int, default=50)
    ap.add_argument("--keep-recent", type=int, default=500)
    args = ap.parse_args()
    story_index.KEEP_RECENT = args.keep_recent
    with tempfile.TemporaryDirectory() as tmp:
        conn = connect(Path(tmp) / "bench.db")
        t = time.perf_counter()
        for record, _ in synthesise(args.articles, per_day=args.per_day):
            save_record(conn, record)
        stored = time.perf_counter() - t
        store_stories.save_state(conn)
        sizes = dict(conn.execute("SELECT name, length(state) FROM index_state"))
        _cold()
        t = time.perf_counter()
        live = len(store_stories.load_index(conn).features)
        store_clusters.load_event_index(conn)
        from_state = time.perf_counter() - t
        conn.execute("DELETE FROM index_state")
        _cold()
        t = time.perf_counter()
        store_stories.load_index(conn)
        store_clusters.load_event_index(conn)
        replay = time.perf_counter() - t
    print(f"{args.articles} articles stored in {stored:.1f} s; story index holds {live} of them "
          f"(keep-recent {args.keep_recent}, {args.per_day} a day, RETAIN {story_index.RETAIN} days)")
    print(f"saved state: stories {sizes.get('stories', 0) / 1e6:.1f} MB, events {sizes.get('events', 0) / 1e6:.1f} MB")
    print(f"start of the next run: from the saved state {from_state:.2f} s; replaying every row {replay:.2f} s "
          f"({replay / max(from_state, 1e-9):.1f}×)")


if __name__ == "__main__":
    main()
