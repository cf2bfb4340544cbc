"""Politeness per host: at most ``per_host`` requests at once, starts at least ``delay`` apart."""
from __future__ import annotations

import asyncio
from contextlib import asynccontextmanager
from typing import AsyncIterator


class HostLimiter:
    """Per-host concurrency and spacing, with one global cap on requests in flight.

    The order matters: the host's semaphore first, then the global one, then the
    wait for the host's next slot, so that two requests let through together by
    the global cap cannot start closer than ``delay`` on the same host.
    """

    def __init__(self, *, delay: float, per_host: int, concurrency: int):
        self.delay = delay
        self.per_host = per_host
        self._global = asyncio.Semaphore(concurrency)
        self._hosts: dict[str, asyncio.Semaphore] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self._next: dict[str, float] = {}
        self.delays: dict[str, float] = {}  # a longer Crawl-delay from robots.txt, by host

    def set_delay(self, host: str, seconds: float) -> None:
        self.delays[host] = max(self.delay, seconds)

    @asynccontextmanager
    async def slot(self, host: str) -> AsyncIterator[None]:
        loop = asyncio.get_running_loop()
        sem = self._hosts.setdefault(host, asyncio.Semaphore(self.per_host))
        lock = self._locks.setdefault(host, asyncio.Lock())
        async with sem, self._global:
            async with lock:
                wait = self._next.get(host, 0.0) - loop.time()
                if wait > 0:
                    await asyncio.sleep(wait)
                self._next[host] = loop.time() + self.delays.get(host, self.delay)
            yield
