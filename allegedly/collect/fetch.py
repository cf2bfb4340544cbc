"""HTTP fetching done politely: httpx on an asyncio loop in one background thread.

    with Fetcher(FetchConfig(delay=1.0)) as fetcher:
        for page in fetcher.fetch_many(requests):   # Pages in the order they complete
            ...

Every request goes through the host limiter (rate and concurrency), robots.txt
(each redirect hop too), retries with exponential backoff on timeouts, refused
connections, 429 and 5xx (honouring Retry-After), a size cap, and conditional
headers from the last fetch. Nothing raises for one URL: its Page carries the
error. ``transport`` is httpx's injectable transport, for tests and benches.
"""
from __future__ import annotations

import asyncio
import queue
import threading
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Iterable, Iterator
from urllib.parse import urljoin

from allegedly.collect.limits import HostLimiter
from allegedly.collect.records import Page, Request
from allegedly.collect.robots import Rules, rules_from
from allegedly.collect.urls import host, origin

REDIRECTS = {301, 302, 303, 307, 308}
RETRY_STATUSES = {429, 500, 502, 503, 504}
MAX_CRAWL_DELAY = 60.0


def default_user_agent() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        own = version("allegedly")
    except PackageNotFoundError:  # a checkout that is not installed
        own = "0+unknown"
    return f"allegedly/{own} (news claim collector; respects robots.txt)"


@dataclass(frozen=True)
class FetchConfig:
    user_agent: str = field(default_factory=default_user_agent)
    delay: float = 1.0  # seconds between request starts on one host
    per_host: int = 2  # requests in flight per host
    concurrency: int = 8  # requests in flight in all
    timeout: float = 20.0  # connect/read/write timeout; one attempt gets at most 3× this
    retries: int = 2  # further attempts after a transient failure
    backoff: float = 1.0  # first wait before a retry; doubles each time
    max_backoff: float = 60.0
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    robots: bool = True


class _TooLarge(Exception):
    pass


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Fetcher:
    """Owns the event loop thread, the httpx client, the limiter and the robots cache."""

    def __init__(self, config: FetchConfig | None = None, *, transport=None,
                 robots_known: dict[str, dict] | None = None):
        self.config = config or FetchConfig()
        self.transport = transport
        self.robots_known = dict(robots_known or {})  # origin → {etag, last_modified, body}
        self.robots_pages: queue.SimpleQueue[Page] = queue.SimpleQueue()  # for the caller to record
        self._rules: dict[str, Rules] = {}
        self._robots_locks: dict[str, asyncio.Lock] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None

    # --- life cycle (caller's thread) -------------------------------------------

    def __enter__(self) -> "Fetcher":
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="allegedly-fetch", daemon=True)
        self._thread.start()
        self._call(self._open())
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._loop is None:
            return
        try:
            self._call(self._close(), timeout=10)
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            if self._thread is not None:
                self._thread.join(timeout=10)
            self._loop.close()
            self._loop = None

    def _call(self, coro, timeout: float | None = None):
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(timeout)

    async def _open(self) -> None:
        import httpx

        c = self.config
        self.limiter = HostLimiter(delay=c.delay, per_host=c.per_host, concurrency=c.concurrency)
        self.client = httpx.AsyncClient(
            headers={"User-Agent": c.user_agent, "Accept-Encoding": "gzip, deflate"},
            timeout=httpx.Timeout(c.timeout),
            follow_redirects=False,  # each hop is checked against robots.txt and the limiter
            limits=httpx.Limits(max_connections=c.concurrency, max_keepalive_connections=c.concurrency),
            transport=self.transport,
        )

    async def _close(self) -> None:
        me = asyncio.current_task()
        tasks = [t for t in asyncio.all_tasks() if t is not me]
        for t in tasks:
            t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await self.client.aclose()

    # --- the caller's API -------------------------------------------------------

    def fetch_one(self, request: Request) -> Page:
        return next(iter(self.fetch_many([request])))

    def fetch_many(self, requests: Iterable[Request], window: int | None = None) -> Iterator[Page]:
        """Fetch ``requests``, at most ``window`` ahead of the consumer; Pages as they complete.

        Closing the iterator early (or Ctrl-C in the consumer) cancels what is in flight.
        """
        window = window or max(16, 4 * self.config.concurrency)
        todo = iter(requests)
        done: queue.SimpleQueue = queue.SimpleQueue()
        inflight: set = set()

        def submit() -> bool:
            req = next(todo, None)
            if req is None:
                return False
            fut = asyncio.run_coroutine_threadsafe(self._fetch(req), self._loop)
            inflight.add(fut)
            fut.add_done_callback(lambda f, r=req: done.put((r, f)))
            return True

        while len(inflight) < window and submit():
            pass
        try:
            while inflight:
                try:
                    req, fut = done.get(timeout=0.5)  # a timeout keeps Ctrl-C responsive
                except queue.Empty:
                    continue
                inflight.discard(fut)
                submit()
                yield _result(req, fut)
        finally:
            for fut in inflight:
                fut.cancel()

    def drain_robots(self) -> list[Page]:
        out = []
        while True:
            try:
                out.append(self.robots_pages.get_nowait())
            except queue.Empty:
                return out

    # --- on the loop ------------------------------------------------------------

    async def _fetch(self, req: Request) -> Page:
        headers = {}
        if req.etag:
            headers["If-None-Match"] = req.etag
        if req.last_modified:
            headers["If-Modified-Since"] = req.last_modified
        url, attempts = req.url, 0
        for hop in range(self.config.max_redirects + 1):
            if req.kind != "robots" and self.config.robots:
                refusal = await self._refusal(url)
                if refusal:
                    return Page(url=req.url, final_url=url, status=None, fetched_at=now(), kind=req.kind,
                                error=refusal, disallowed=True, attempts=attempts)
            answer, error, tries = await self._get(url, headers if hop == 0 else {})
            attempts += tries
            if error is not None:
                return Page(url=req.url, final_url=url, status=answer[0] if answer else None,
                            fetched_at=now(), kind=req.kind, error=error, attempts=attempts)
            status, hdrs, body = answer
            location = hdrs.get("location")
            if status in REDIRECTS and location:
                url = urljoin(url, location)
                continue
            return Page(url=req.url, final_url=url, status=status, fetched_at=now(), kind=req.kind,
                        body=body, content_type=hdrs.get("content-type"), etag=hdrs.get("etag"),
                        last_modified=hdrs.get("last-modified"), attempts=attempts)
        return Page(url=req.url, final_url=url, status=None, fetched_at=now(), kind=req.kind,
                    error=f"more than {self.config.max_redirects} redirects", attempts=attempts)

    async def _get(self, url: str, headers: dict) -> tuple[tuple | None, str | None, int]:
        """(status, headers, body) after retries, or the last error; and the attempts made."""
        import httpx

        c = self.config
        wait = c.backoff
        answer, error = None, None
        for attempt in range(c.retries + 1):
            if attempt:
                await asyncio.sleep(min(wait, c.max_backoff))
                wait *= 2
            try:
                async with self.limiter.slot(host(url)):
                    answer = await asyncio.wait_for(self._once(url, headers), timeout=3 * c.timeout)
                error = None
            except _TooLarge:
                return None, f"over the size limit of {c.max_bytes:,} bytes", attempt + 1
            except (httpx.TimeoutException, asyncio.TimeoutError):
                answer, error = None, f"timed out (timeout {c.timeout:g} s)"
                continue
            except httpx.HTTPError as exc:
                answer, error = None, f"{type(exc).__name__}: {exc}"
                continue
            if answer[0] in RETRY_STATUSES and attempt < c.retries:
                wait = max(wait, _retry_after(answer[1].get("retry-after")) or 0)
                continue
            if answer[0] >= 400:
                return answer, f"HTTP {answer[0]}", attempt + 1
            return answer, None, attempt + 1
        if answer is not None and answer[0] >= 400:
            error = f"HTTP {answer[0]}"
        return answer, error, c.retries + 1

    async def _once(self, url: str, headers: dict) -> tuple[int, dict, bytes]:
        async with self.client.stream("GET", url, headers=headers) as resp:
            hdrs = {k.lower(): v for k, v in resp.headers.items()}
            if resp.status_code in REDIRECTS or resp.status_code == 304:
                return resp.status_code, hdrs, b""
            body = bytearray()
            async for chunk in resp.aiter_bytes():
                body += chunk
                if len(body) > self.config.max_bytes:
                    raise _TooLarge()
            return resp.status_code, hdrs, bytes(body)

    async def _refusal(self, url: str) -> str | None:
        rules = await self._robots(origin(url))
        return rules.refuses(url)

    async def _robots(self, site: str) -> Rules:
        if site in self._rules:
            return self._rules[site]
        async with self._robots_locks.setdefault(site, asyncio.Lock()):
            if site not in self._rules:
                self._rules[site] = await self._read_robots(site)
        return self._rules[site]

    async def _read_robots(self, site: str) -> Rules:
        kept = self.robots_known.get(site) or {}
        req = Request(url=f"{site}/robots.txt", kind="robots", etag=kept.get("etag"),
                      last_modified=kept.get("last_modified"))
        page = await self._fetch(req)
        if page.status == 304 and kept.get("body") is not None:
            body = kept["body"]
            rules = rules_from(200, body)
        else:
            body = page.body.decode("utf-8", "replace") if page.ok else None
            rules = rules_from(page.status, body, page.error)
        self.robots_pages.put(page if page.status == 304 else _with_text(page, body))
        delay = rules.crawl_delay()
        if delay:
            self.limiter.set_delay(host(site), min(delay, MAX_CRAWL_DELAY))
        return rules


def _with_text(page: Page, body: str | None) -> Page:
    from dataclasses import replace

    return replace(page, body=(body or "").encode("utf-8"))


def _result(req: Request, fut) -> Page:
    try:
        return fut.result()
    except BaseException as exc:  # noqa: BLE001 - a bug in one fetch is that URL's error
        return Page(url=req.url, final_url=req.url, status=None, fetched_at=now(), kind=req.kind,
                    error=f"fetch failed: {type(exc).__name__}: {exc}")


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())
