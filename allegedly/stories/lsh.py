"""Banded LSH over MinHash signatures, stored compactly.

datasketch's MinHashLSH keeps, per band, a dict from the band's bytes to a list of keys,
plus a reverse table of every key's band bytes: about 15 KB per article at 57 bands, 2.4 GB
at 100k articles. Here a band is one 64-bit integer (the band's values mixed by odd
multipliers), and a bucket holds the article's arrival number (an int shared by all its
bands), becoming a list only when a second article lands in it. Same bands and rows as
datasketch chooses for the threshold, so candidates are the same up to 64-bit collisions.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
from datasketch.lsh import _optimal_param as _datasketch_optimal_param

# A pure function of its arguments that integrates numerically (~10 ms a call): worked out once
# per process, not again for every new index (each store a run opens).
_optimal_param = lru_cache(maxsize=None)(_datasketch_optimal_param)

_MULT = np.random.default_rng(7).integers(1, 2**63, size=64, dtype=np.uint64) | np.uint64(1)


class BandIndex:
    def __init__(self, threshold: float, num_perm: int) -> None:
        self.b, self.r = _optimal_param(threshold, num_perm, 0.5, 0.5)
        self.buckets: list[dict[int, int | list[int]]] = [{} for _ in range(self.b)]

    def bands(self, sig: np.ndarray) -> list[int]:
        rows = sig[: self.b * self.r].astype(np.uint64).reshape(self.b, self.r)
        with np.errstate(over="ignore"):
            return (rows * _MULT[: self.r]).sum(axis=1, dtype=np.uint64).tolist()

    def insert(self, key: int, sig: np.ndarray, bands: list[int] | None = None) -> None:
        """``bands``: ``self.bands(sig)`` when the caller has them already (from its query)."""
        for bucket, h in zip(self.buckets, self.bands(sig) if bands is None else bands):
            cur = bucket.get(h)
            if cur is None:
                bucket[h] = key
            elif isinstance(cur, list):
                cur.append(key)
            else:
                bucket[h] = [cur, key]

    def remove(self, key: int, sig: np.ndarray) -> None:
        for bucket, h in zip(self.buckets, self.bands(sig)):
            cur = bucket.get(h)
            if cur == key:
                del bucket[h]
            elif isinstance(cur, list):
                cur.remove(key)
                if len(cur) == 1:
                    bucket[h] = cur[0]

    def query(self, sig: np.ndarray, bands: list[int] | None = None) -> set[int]:
        out: set[int] = set()
        for bucket, h in zip(self.buckets, self.bands(sig) if bands is None else bands):
            cur = bucket.get(h)
            if cur is None:
                continue
            if isinstance(cur, list):
                out.update(cur)
            else:
                out.add(cur)
        return out
