"""Run ``Pipeline.process_many`` in worker processes, yielding outcomes in input order.

One process per worker, each loading the pipeline once (``get_pipeline`` in the worker's
initializer). The parent cuts the input into chunks, keeps a bounded number in flight and
yields each chunk's outcomes in submission order, so the store and story clustering see
exactly the order one worker would give. A chunk whose worker dies is redone in the parent
process; Ctrl-C (or any exception in the consumer) terminates the workers.

Workers are started with 'fork' where the platform has it: they inherit the loaded model, where
'forkserver' or 'spawn' workers each load spaCy again (seconds: 2 workers on 120 articles ran at
1.78x the one-worker rate with fork, 0.90x with forkserver). The parent's threads (the progress
bar) are never used by a worker, which only runs the pipeline. ALLEGEDLY_START_METHOD overrides.
"""
from __future__ import annotations

import math
import multiprocessing
import os
import signal
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Iterable, Iterator

from allegedly.settings import Settings

# Below this many articles per worker per batch, starting processes costs more than it saves.
SMALL_INPUT_BATCHES_PER_WORKER = 2


def auto_workers() -> int:
    return os.cpu_count() or 1


def choose_workers(requested: int | None, expected: int | None, batch_size: int) -> int:
    """Workers to use: ``requested`` when given; else all cores unless the input is small or unknown (stdin)."""
    if requested:
        return requested
    cores = auto_workers()
    if cores <= 1 or expected is None or expected < SMALL_INPUT_BATCHES_PER_WORKER * cores * batch_size:
        return 1
    return cores


def chunk_size(workers: int, batch_size: int, expected: int | None) -> int:
    """A spaCy batch per chunk, smaller when the whole input would not keep every worker busy."""
    if expected:
        return max(1, min(batch_size, math.ceil(expected / (2 * workers))))
    return batch_size


def process_many(settings: Settings, items: Iterable, *, skip_ids: set[str] | None = None, workers: int = 1,
                 chunk: int | None = None, homes: dict | None = None) -> Iterator:
    """Outcomes for ``items`` (RawArticles and InputErrors), in order, over ``workers`` processes.

    ``homes``: outlet homes for the whole run (outlet key → (country, admin1)), the same in
    every worker; none when not given."""
    from allegedly.cli import get_pipeline

    homes = dict(homes or {})
    pipeline = get_pipeline(settings)
    pipeline.homes = homes  # the parent's pipeline: one worker, or chunks a dead worker left
    if workers <= 1:
        yield from pipeline.process_many(items, skip_ids=skip_ids)
        return
    pipeline.load()  # before the fork: every worker inherits the model and tables instead of loading them
    yield from _pooled(settings, items, skip_ids or set(), workers, chunk or settings.batch_size, homes)


def start_method() -> str:
    """'fork' where there is one (workers inherit the loaded model), else 'spawn'; ALLEGEDLY_START_METHOD overrides."""
    methods = multiprocessing.get_all_start_methods()
    wanted = os.environ.get("ALLEGEDLY_START_METHOD") or ("fork" if "fork" in methods else "spawn")
    if wanted not in methods:
        raise ValueError(f"ALLEGEDLY_START_METHOD={wanted!r}: this platform offers {', '.join(methods)}")
    return wanted


def _pooled(settings, items, skip_ids, workers, chunk, homes) -> Iterator:
    context = multiprocessing.get_context(start_method())
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_init, initargs=(settings, skip_ids, homes))
    in_flight: deque = deque()  # (chunk, future), oldest first
    broken = False
    try:
        chunks = _chunks(items, chunk, workers)
        while True:
            while not broken and len(in_flight) < 2 * workers:
                part = next(chunks, None)
                if part is None:
                    break
                in_flight.append((part, _submit(pool, part)))
            if not in_flight:
                part = next(chunks, None)  # only after the pool broke
                if part is None:
                    return
                in_flight.append((part, None))
            part, future = in_flight.popleft()
            outcomes = None
            if future is not None:
                try:
                    outcomes = future.result()
                except BrokenProcessPool:
                    broken = True
            if outcomes is None:  # the worker died: this chunk, and all after it, run here
                outcomes = list(_local(settings, part, skip_ids))
            yield from outcomes
    finally:
        _stop(pool)


def _submit(pool, part):
    try:
        return pool.submit(_work, part)
    except BrokenProcessPool:
        return None


def _chunks(items, size: int, workers: int = 1) -> Iterator[list]:
    """Chunks of ``size`` items, in order. The input's last few chunks' worth (``workers + 1``,
    read ahead) is cut into ``2 * workers`` smaller ones, no smaller than half a chunk: the
    workers then finish together, instead of one idling while the other does a whole last chunk."""
    ahead: deque = deque()
    keep = (workers + 1) * size
    for item in items:
        ahead.append(item)
        if len(ahead) >= keep:
            yield [ahead.popleft() for _ in range(size)]
    piece = min(size, max(math.ceil(len(ahead) / (2 * workers)), math.ceil(size / 2)))
    while ahead:
        yield [ahead.popleft() for _ in range(min(piece, len(ahead)))]


def _local(settings, part, skip_ids):
    from allegedly.cli import get_pipeline

    return get_pipeline(settings).process_many(part, skip_ids=skip_ids)


def _stop(pool: ProcessPoolExecutor) -> None:
    # shutdown() alone waits for running chunks; on Ctrl-C or a consumer error the workers must go now.
    processes = list(getattr(pool, "_processes", {}).values())
    manager = getattr(pool, "_executor_manager_thread", None)
    pool.shutdown(wait=False, cancel_futures=True)
    for proc in processes:
        if proc.is_alive():
            proc.terminate()
    # The pool's manager thread reaps the workers too: wait for it, or a worker it has just reaped
    # can still look alive here (two threads polling one pid; seen on a loaded CI machine).
    if manager is not None:
        manager.join(timeout=5)
    for proc in processes:
        proc.join(timeout=5)
        if proc.is_alive():  # SIGTERM not acted on in time (a loaded machine): no worker outlives the run
            proc.kill()
            proc.join(timeout=5)
    if manager is not None:
        manager.join(timeout=5)


# --- in the worker -------------------------------------------------------------------

_WORKER: dict = {}


def _init(settings: Settings, skip_ids: set[str], homes: dict | None = None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops the workers
    from allegedly.cli import get_pipeline

    _WORKER["pipeline"] = get_pipeline(settings)
    _WORKER["pipeline"].homes = dict(homes or {})
    _WORKER["skip_ids"] = skip_ids
    _WORKER["pipeline"].load()  # now, not inside the first chunk's time budget (inherited when forked)


def _work(part: list) -> list:
    return list(_WORKER["pipeline"].process_many(part, skip_ids=_WORKER["skip_ids"]))
