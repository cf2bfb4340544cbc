"""A per-article time budget: an article that takes too long becomes its own error.

In the main thread the budget is enforced by a real-time timer (SIGALRM), so even
a component stuck inside one long loop is stopped at its next Python bytecode.
Elsewhere (threads, platforms without setitimer) it is checked between windows
and components with :meth:`Budget.check`.

``ArticleTimeout`` derives from BaseException on purpose: components catch
``Exception`` to turn their own failures into warnings, and a timeout must not be
swallowed as one of those.
"""
from __future__ import annotations

import signal
import threading
import time
from contextlib import contextmanager
from typing import Iterator


class ArticleTimeout(BaseException):
    def __init__(self, seconds: float):
        self.seconds = seconds
        super().__init__(f"over the per-article time budget of {seconds:g} s")


class Budget:
    def __init__(self, seconds: float | None):
        self.seconds = seconds or None
        self.deadline = time.monotonic() + seconds if seconds else None

    def check(self) -> None:
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise ArticleTimeout(self.seconds)


def _can_alarm() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def time_budget(seconds: float | None) -> Iterator[Budget]:
    """Run the block under ``seconds`` (None or 0: no limit); raises ArticleTimeout."""
    budget = Budget(seconds)
    if not seconds or not _can_alarm():
        yield budget
        return

    def on_alarm(signum, frame):
        raise ArticleTimeout(seconds)

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield budget
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
