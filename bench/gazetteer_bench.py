"""Gazetteer costs: build time and peak memory, start-up from the cache, resident size.

    python bench/gazetteer_bench.py [--repeat 3]

Each figure comes from a fresh process (so imports and caches do not carry
over): one build into an empty cache dir (seconds, peak RSS of that process),
then ``--repeat`` loads from that cache (median seconds, RSS the loaded index
adds, peak RSS). The machine is shared and noisy: quote medians.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile

_PROBE = r"""
import json, resource, sys, time
def rss():
    return int(open('/proc/self/statm').read().split()[1]) * 4096 / 2**20
import allegedly.gazetteer as G
before = rss()
t = time.perf_counter()
g = G.load_or_build(sys.argv[1])
secs = time.perf_counter() - t
print(json.dumps({"source": g.info["source"], "seconds": secs, "rss_added_mb": rss() - before,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "places": len(g), "names": len(g._index)}))
"""


def probe(cache_dir: str) -> dict:
    out = subprocess.run([sys.executable, "-c", _PROBE, cache_dir], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="allegedly-gaz-bench-") as cache_dir:
        built = probe(cache_dir)
        loads = [probe(cache_dir) for _ in range(args.repeat)]
    assert built["source"] == "built" and all(x["source"] == "cache" for x in loads)
    print(f"index: {built['places']:,} places, {built['names']:,} names")
    print(f"build: {built['seconds']:.1f} s, peak RSS {built['peak_mb']:.0f} MB")
    print(f"start-up from cache: {statistics.median(x['seconds'] for x in loads):.2f} s (median of "
          f"{len(loads)}), RSS added {statistics.median(x['rss_added_mb'] for x in loads):.0f} MB, "
          f"peak RSS {statistics.median(x['peak_mb'] for x in loads):.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
