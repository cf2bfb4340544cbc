"""Watch mode: run a collect cycle every N minutes until Ctrl-C (or ``cycles`` runs).

Each cycle is a whole run (its own row in ``runs``) and commits article by
article, so Ctrl-C between or inside cycles loses nothing already stored; what
was queued and not yet fetched waits for the next start.
"""
from __future__ import annotations

import time
from typing import Callable


def _sleep(seconds: float) -> None:
    time.sleep(seconds)  # Ctrl-C interrupts it at once


def watch(cycle: Callable[[int], bool], every_minutes: float, *, cycles: int | None = None,
          sleep: Callable[[float], None] | None = None, clock: Callable[[], float] = time.monotonic,
          on_wait: Callable[[float], None] = lambda seconds: None) -> int:
    """Call ``cycle(n)`` (n from 0) every ``every_minutes``; stop when it returns False,
    after ``cycles`` calls, or on Ctrl-C while waiting. Returns the cycles run."""
    sleep = sleep or _sleep
    n = 0
    while cycles is None or n < cycles:
        started = clock()
        keep_going = cycle(n)
        n += 1
        if not keep_going or (cycles is not None and n >= cycles):
            break
        wait = max(0.0, started + every_minutes * 60 - clock())
        on_wait(wait)
        try:
            sleep(wait)
        except KeyboardInterrupt:
            break
    return n
